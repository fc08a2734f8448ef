// Full-text search over articles.search (tsvector, GIN). PLACEHOLDER: each body below is replaced
// by its owner; none may remain.
#include <fmt/format.h>

#include "storage/postgres/pg_store.h"

namespace gazette {

SearchResults PgStore::search_articles(const std::string&, int, std::int64_t) {
  throw StorageError(
      fmt::format("{}: search_articles is not implemented for PostgreSQL yet", location_));
}

}  // namespace gazette
