// PollRecorder (storage/poll_recorder.h), what is SQLite's own: its batches,
// one transaction with a savepoint per document, as SQLite's store thread
// group-commits, and its FTS5 index. What every engine must do with poll
// results (documents standing or falling alone included) is tested through
// Store& on both engines in store_engine_test.cc; PostgreSQL's savepoints
// inside in_transaction in pg_store_write_test.cc.
#include "storage/poll_recorder.h"

#include <SQLiteCpp/Exception.h>

#include "storage_test_support.h"
#include "tests/storage/poll_items.h"

namespace gazette {
namespace {

// The fixture, named apart from the class under test (storage/poll_recorder.h).
class PollRecorderTest : public test_support::TempDatabase {};

using test_support::body_item;
using test_support::fetched_ok;

TEST_F(PollRecorderTest, DocumentsInOneTransactionStandOrFallAlone) {
  // The store thread writes queued documents in one transaction; each
  // document is a savepoint, so a failing one leaves the others in.
  auto source = add_source("https://example.org/feed");
  gazette::PollRecorder recorder(*db_);
  FetchOutcome unknown_source = fetched_ok(source + 100);  // violates the foreign key
  {
    gazette::PollRecorder::Batch batch(recorder);
    EXPECT_EQ(
        batch.record(fetched_ok(source), {body_item("1", "https://example.org/a", "A")}, 1).added,
        1);
    EXPECT_THROW(batch.record(unknown_source, {body_item("2", "https://example.org/b", "B")}, 1),
                 SQLite::Exception);
    EXPECT_TRUE(batch.open());
    EXPECT_EQ(
        batch.record(fetched_ok(source), {body_item("3", "https://example.org/c", "C")}, 1).added,
        1);
    batch.commit();
  }
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM articles WHERE guid = '2'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM fetches"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'B'"), 0);

  // Outside a transaction, a document is its own transaction.
  EXPECT_THROW(recorder.record(unknown_source, {body_item("4", "https://example.org/d", "D")}, 2),
               SQLite::Exception);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(
      recorder.record(fetched_ok(source), {body_item("5", "https://example.org/e", "E")}, 2).added,
      1);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 3);
}

}  // namespace
}  // namespace gazette
