// Writes the result of polling one source: its articles, a fetches row and the
// source's new state, all in one transaction (or one savepoint of a batch).
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

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
  std::string warning;        // what a parse limit cut or flattened; stored NULL when empty
  std::optional<UnixTime> next_poll;
  // Politeness (poll/poll_interval.h, poll/body_fingerprint.h):
  // body_hash is set when this document was parsed and is stored whole; then
  // publisher_interval (its ttl/sy word, seconds) replaces the stored one.
  std::string body_hash;
  std::optional<std::int64_t> publisher_interval;
  bool same_body = false;               // a 200 matching the stored body_hash: nothing parsed
  std::int64_t effective_interval = 0;  // chosen on success; 0 keeps the stored one
  std::string interval_reason;
  // Politeness (docs/operations.md, "Moved, gone and blocked sources"): the
  // permanent redirect this poll met and how many polls in a row met it
  // (empty and 0: none; permanent_url is set once it counts enough), and,
  // when not empty, why the source is disabled from now on (a 410).
  std::string redirect_url;
  int redirect_count = 0;
  std::string disable_reason;
};

struct StoreCounts {
  int seen = 0;     // items in the document
  int added = 0;    // new rows
  int updated = 0;  // existing rows whose content changed
  // Values repaired on their way in (storage/column_checks.h), one line
  // each naming the column: for the caller to log against the source.
  std::vector<std::string> repaired;
};

// `items` must already be normalized (feeds/normalize.h). Items are keyed per
// source on guid, else link, else a hash of title and content: re-polling
// never adds a second row for the same item; a changed item is updated in
// place with `updated` set.
//
// Whose word changes an article: an item whose origin_site (the site of the
// document it was read from) is not the site of the stored article's URL is
// another site's claim about it. It is recorded as a sighting (an aggregator
// showing the story) but changes nothing in the article, except the edits
// of the source that created the article while the article still holds
// what that source wrote. An item from the article's own site fills in and
// lengthens as before, and takes the article over when it was created from
// another site's document. (docs/schema.md, "Who may change an article".)
//
// Every value goes through storage/column_checks.h first: invalid UTF-8 is
// replaced, a URL that is not absolute http(s) dropped, and StoreCounts::
// repaired says which column of which item.
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

  // In a transaction of its own (a batch of one).
  StoreCounts record(const FetchOutcome& outcome, const std::vector<FeedItem>& items, UnixTime now);

  // Several documents in one transaction, each in a savepoint of its own: a
  // document that fails is rolled back alone (its record() throws) and the
  // others commit. Fewer commits write each shared page (indexes, the
  // full-text index) once per batch instead of once per document.
  class Batch {
   public:
    // BEGIN IMMEDIATE; throws when the database stays locked. Rolled back
    // unless committed.
    explicit Batch(PollRecorder& recorder);

    StoreCounts record(const FetchOutcome& outcome, const std::vector<FeedItem>& items,
                       UnixTime now);
    // False once an error (I/O, a full disk) rolled the whole transaction
    // back: the documents recorded so far are lost with it.
    bool open() const;
    void commit();

   private:
    PollRecorder& recorder_;
    SQLite::Transaction transaction_;
  };

 private:
  // One document in a savepoint of the open batch.
  StoreCounts write_document(const FetchOutcome& outcome, const std::vector<FeedItem>& items,
                             UnixTime now);

  struct Statements;
  SQLite::Database& db_;
  std::unique_ptr<Statements> statements_;
};

}  // namespace gazette
