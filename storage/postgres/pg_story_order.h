// The order in which pollers sharing a PostgreSQL database give articles
// their stories, and learn each other's (pg_poll_writer.cc's assign_stories).
//
// Each poller keeps a clusterer of its own and, before assigning, reads the
// articles other pollers assigned since it last looked. Article ids cannot
// say "since": an id is drawn when the article is inserted, but the
// transactions commit in another order, so a watermark on ids skips an
// article whose transaction commits after one with a higher id was read.
// The watermark follows the commit order instead:
//
// - Story assignment is serialized across pollers by one transaction-level
//   advisory lock (lock_story_assignment), taken at the end of a document's
//   transaction, just before assigning, and held until its commit.
// - Under that lock each assigned article gets articles.story_seq, the next
//   value of the sequence article_story_seq (PostgreSQL only; migration 9).
//
// So every transaction that drew a story_seq has committed or rolled back
// before the next one takes the lock: under the lock every lower story_seq
// is final, and reading `story_seq > last seen ORDER BY story_seq` skips
// nothing. Serializing has a second benefit a commit-order watermark alone
// would not give: two pollers can no longer cluster at the same moment
// without seeing each other, so two articles of one new event arriving on
// two pollers at once join one story instead of starting two, as they would
// on one SQLite writer. The cost is that the pollers' assignments (a few
// statements and the commit) take turns; documents without new articles
// take no lock (docs/scale-out.md has the figures).
//
// It adds no deadlock: it is the last lock a document's transaction takes
// (after its URL-key locks and its row writes), and nothing under it waits
// for another transaction's rows: it reads, inserts stories, and updates
// the document's own new articles (no other transaction sees them yet) and
// the stories they join (rows only a holder of this lock updates). (A caller that records several
// documents in one transaction, PgStore::in_transaction, holds it from the first assignment to its
// commit; the Store contract keeps record_polls out of that.)
#pragma once

#include <pqxx/transaction_base>
#include <string>

namespace gazette {

// The lock's key, in the two-integer key space of PostgreSQL's advisory
// locks, which never meets the one-bigint space of the URL-key locks
// (pg_poll_writer.cc) and of the migration lock: "gaze", "stor" in ASCII.
constexpr int kStoryLockClass = 0x67617a65;
constexpr int kStoryLockObject = 0x73746f72;

// Waits until no other transaction is assigning stories; held until this
// transaction ends (a rollback to a savepoint taken before it ends it too).
inline void lock_story_assignment(pqxx::transaction_base& tx) {
  tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kStoryLockClass) + ", " +
          std::to_string(kStoryLockObject) + ")");
}

}  // namespace gazette
