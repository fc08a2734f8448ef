#include "storage/poll_recorder.h"

#include <SQLiteCpp/Exception.h>

#include "storage_test_support.h"

namespace gazette {
namespace {

// The fixture, named apart from the class under test (storage/poll_recorder.h).
// What every engine must do with poll results is tested through Store& in
// store_engine_test.cc; here, what is SQLite's own: PollRecorder's batches.
class PollRecorderTest : public test_support::TempDatabase {};

FeedItem item(std::string guid, std::string url, std::string title, std::string body = "Body") {
  FeedItem i;
  i.guid = std::move(guid);
  i.url = std::move(url);
  i.title = std::move(title);
  i.content_html = "<p>" + body + "</p>";
  i.content_text = body;
  i.published = 1'700'000'000;
  return i;
}

FetchOutcome ok(std::int64_t source, UnixTime when = 1'700'000'100) {
  FetchOutcome o;
  o.source_id = source;
  o.started = when;
  o.http_status = 200;
  o.etag = "\"v1\"";
  return o;
}

TEST_F(PollRecorderTest, DocumentsInOneTransactionStandOrFallAlone) {
  // The store thread writes queued documents in one transaction; each
  // document is a savepoint, so a failing one leaves the others in.
  auto source = add_source("https://example.org/feed");
  gazette::PollRecorder recorder(*db_);
  FetchOutcome unknown_source = ok(source + 100);  // violates the foreign key
  {
    gazette::PollRecorder::Batch batch(recorder);
    EXPECT_EQ(batch.record(ok(source), {item("1", "https://example.org/a", "A")}, 1).added, 1);
    EXPECT_THROW(batch.record(unknown_source, {item("2", "https://example.org/b", "B")}, 1),
                 SQLite::Exception);
    EXPECT_TRUE(batch.open());
    EXPECT_EQ(batch.record(ok(source), {item("3", "https://example.org/c", "C")}, 1).added, 1);
    batch.commit();
  }
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM articles WHERE guid = '2'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM fetches"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'B'"), 0);

  // Outside a transaction, a document is its own transaction.
  EXPECT_THROW(recorder.record(unknown_source, {item("4", "https://example.org/d", "D")}, 2),
               SQLite::Exception);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(recorder.record(ok(source), {item("5", "https://example.org/e", "E")}, 2).added, 1);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 3);
}

}  // namespace
}  // namespace gazette
