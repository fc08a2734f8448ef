// Poll results: articles, dedup keys, sightings, fetches; stories. PLACEHOLDER: each body below is
// replaced by its owner; none may remain.
#include <fmt/format.h>

#include "storage/postgres/pg_store.h"

namespace gazette {

std::vector<RecordResult> PgStore::record_polls(const std::vector<PollDocument>&) {
  throw StorageError(
      fmt::format("{}: record_polls is not implemented for PostgreSQL yet", location_));
}

void PgStore::enable_story_assignment(const StoryParams&) {
  throw StorageError(
      fmt::format("{}: enable_story_assignment is not implemented for PostgreSQL yet", location_));
}

std::vector<ObservedPoll> PgStore::recent_polls(std::int64_t, UnixTime, int) {
  throw StorageError(
      fmt::format("{}: recent_polls is not implemented for PostgreSQL yet", location_));
}

std::optional<std::size_t> PgStore::stored_body_length(std::string_view) {
  throw StorageError(
      fmt::format("{}: stored_body_length is not implemented for PostgreSQL yet", location_));
}

}  // namespace gazette
