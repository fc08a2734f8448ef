// Retention and upkeep. PLACEHOLDER: each body below is replaced by its owner; none may remain.
#include <fmt/format.h>

#include "storage/postgres/pg_store.h"

namespace gazette {

PruneResult PgStore::prune(const RetentionSettings&, UnixTime, bool) {
  throw StorageError(fmt::format("{}: prune is not implemented for PostgreSQL yet", location_));
}

std::int64_t PgStore::maintain() {
  throw StorageError(fmt::format("{}: maintain is not implemented for PostgreSQL yet", location_));
}

}  // namespace gazette
