// Writes the result of polling one source: its articles, a fetches row and the
// source's new state, all in one transaction, or in one savepoint when the
// caller has a transaction open (the store thread batches documents so).
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "feeds/feed_item.h"

namespace gazette {

struct FetchOutcome {
  std::int64_t source_id = 0;
  UnixTime started = 0;
  std::int64_t duration_ms = 0;
  int http_status = 0;      // 0 when no response arrived
  std::uint64_t bytes = 0;  // body bytes as received
  std::string error;        // empty on success (2xx parsed, or 304)
  std::string etag;         // validators to send next time (kept when empty on 304)
  std::string last_modified;
  std::string permanent_url;  // non-empty: store as the source's fetch_url
  std::string feed_title;     // the feed's own title, when parsed
  std::optional<UnixTime> next_poll;
};

struct StoreCounts {
  int seen = 0;     // items in the document
  int added = 0;    // new rows
  int updated = 0;  // existing rows whose content changed
};

// `items` must already be normalized (feeds/normalize.h). Items are keyed per
// source on guid, else link, else a hash of title and content: re-polling
// never adds a second row for the same item; a changed item is updated in
// place with `updated` set.
StoreCounts record_poll(SQLite::Database& db, const FetchOutcome& outcome,
                        const std::vector<FeedItem>& items, UnixTime now);

// The same, with its SQL statements prepared once and reused: for the
// daemon, which records thousands of polls on one connection.
class PollRecorder {
 public:
  explicit PollRecorder(SQLite::Database& db);
  ~PollRecorder();
  PollRecorder(const PollRecorder&) = delete;
  PollRecorder& operator=(const PollRecorder&) = delete;

  // In a transaction of its own, or in a savepoint of the caller's open
  // transaction: either way the document is written whole or not at all.
  StoreCounts record(const FetchOutcome& outcome, const std::vector<FeedItem>& items, UnixTime now);

 private:
  StoreCounts write_document(const FetchOutcome& outcome, const std::vector<FeedItem>& items,
                             UnixTime now);

  struct Statements;
  SQLite::Database& db_;
  std::unique_ptr<Statements> statements_;
};

}  // namespace gazette
