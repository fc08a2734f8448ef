#include "storage/poll_history.h"

#include "storage/time_format.h"

namespace gazette {

PollHistoryLookup::PollHistoryLookup(SQLite::Database& db)
    : query_(db,
             "SELECT started, items_new FROM fetches "
             "WHERE source_id = ?1 AND started >= ?2 AND error = '' "
             "ORDER BY started DESC LIMIT ?3") {}

std::vector<ObservedPoll> PollHistoryLookup::recent(std::int64_t source_id, UnixTime since,
                                                    int limit) {
  query_.reset();
  query_.bind(1, source_id);
  query_.bind(2, format_utc(since));
  query_.bind(3, limit);
  std::vector<ObservedPoll> polls;
  while (query_.executeStep()) {
    std::optional<UnixTime> started = parse_utc(query_.getColumn(0).getString());
    if (started) polls.push_back({*started, query_.getColumn(1).getInt64()});
  }
  query_.reset();  // ends the read: a statement left open pins the WAL snapshot
  return polls;
}

}  // namespace gazette
