#include "storage/article_lookup.h"

#include <cstdint>
#include <limits>
#include <string>

#include "feeds/url_normalize.h"
#include "storage/dedup_key.h"

namespace gazette {

StoredBodyLookup::StoredBodyLookup(SQLite::Database& db)
    : query_(db,
             "SELECT length(a.content_text) FROM article_keys k "
             "JOIN articles a ON a.id = k.article_id WHERE k.key = ?1 "
             "UNION ALL SELECT -1 FROM tombstones WHERE key = ?1 LIMIT 1") {}

std::optional<std::size_t> StoredBodyLookup::length(std::string_view url) {
  query_.reset();
  query_.bind(1, DedupKey{DedupKey::Kind::url, 0, normalize_url(url)}.stored());
  std::optional<std::size_t> found;
  if (query_.executeStep()) {
    std::int64_t length = query_.getColumn(0).getInt64();
    // -1: retention pruned it; a poll would not store it again.
    found = length < 0 ? std::numeric_limits<std::size_t>::max() : static_cast<std::size_t>(length);
  }
  query_.reset();  // ends the read: a statement left open pins the WAL snapshot
  return found;
}

}  // namespace gazette
