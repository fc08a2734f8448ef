// Sources, and leases of due sources. PLACEHOLDER: each body below is replaced by its owner; none
// may remain.
#include <fmt/format.h>

#include "storage/postgres/pg_store.h"

namespace gazette {

std::int64_t PgStore::upsert_source(const SourceConfig&, std::int64_t) {
  throw StorageError(
      fmt::format("{}: upsert_source is not implemented for PostgreSQL yet", location_));
}

std::vector<SourceRow> PgStore::list_sources() {
  throw StorageError(
      fmt::format("{}: list_sources is not implemented for PostgreSQL yet", location_));
}

std::optional<SourceRow> PgStore::find_source(const std::string&) {
  throw StorageError(
      fmt::format("{}: find_source is not implemented for PostgreSQL yet", location_));
}

bool PgStore::remove_source(const std::string&) {
  throw StorageError(
      fmt::format("{}: remove_source is not implemented for PostgreSQL yet", location_));
}

bool PgStore::enable_source(const std::string&) {
  throw StorageError(
      fmt::format("{}: enable_source is not implemented for PostgreSQL yet", location_));
}

void PgStore::set_next_poll(std::int64_t, UnixTime) {
  throw StorageError(
      fmt::format("{}: set_next_poll is not implemented for PostgreSQL yet", location_));
}

std::vector<std::string> PgStore::adopt_canonical_urls() {
  throw StorageError(
      fmt::format("{}: adopt_canonical_urls is not implemented for PostgreSQL yet", location_));
}

std::optional<UnixTime> PgStore::next_due_after(UnixTime) {
  throw StorageError(
      fmt::format("{}: next_due_after is not implemented for PostgreSQL yet", location_));
}

std::vector<SourceRow> PgStore::lease_due(UnixTime, std::size_t, std::int64_t) {
  throw StorageError(fmt::format("{}: lease_due is not implemented for PostgreSQL yet", location_));
}

}  // namespace gazette
