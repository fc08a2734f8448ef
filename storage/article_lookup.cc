#include "storage/article_lookup.h"

#include <SQLiteCpp/Statement.h>

#include <string>

#include "feeds/url_normalize.h"

namespace gazette {

std::optional<std::size_t> stored_body_length(SQLite::Database& db, std::string_view url) {
  SQLite::Statement q(db,
                      "SELECT length(a.content_text) FROM article_keys k "
                      "JOIN articles a ON a.id = k.article_id WHERE k.key = ?1");
  q.bind(1, "url:" + normalize_url(url));
  if (!q.executeStep()) return std::nullopt;
  return static_cast<std::size_t>(q.getColumn(0).getInt64());
}

}  // namespace gazette
