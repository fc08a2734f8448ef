// A source's recent successful polls, for the observed rate of new items
// (poll/poll_interval.h). Read on the poller's own connection.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <vector>

#include "feeds/feed_item.h"

namespace gazette {

// One successful poll of a source.
struct ObservedPoll {
  UnixTime started = 0;
  std::int64_t new_items = 0;  // articles it created
};

class PollHistoryLookup {
 public:
  explicit PollHistoryLookup(SQLite::Database& db);

  // The source's successful fetches (fetches.error empty: 200, 304, same
  // body) started at or after `since`, newest first, at most `limit`.
  std::vector<ObservedPoll> recent(std::int64_t source_id, UnixTime since, int limit);

 private:
  SQLite::Statement query_;
};

}  // namespace gazette
