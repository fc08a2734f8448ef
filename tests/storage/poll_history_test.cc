#include "storage/poll_history.h"

#include "storage/poll_recorder.h"
#include "storage/source_store.h"
#include "storage_test_support.h"

namespace gazette {
namespace {

class PollHistoryTest : public test_support::TempDatabase {};

FetchOutcome fetch_at(std::int64_t source, UnixTime when, std::string error = "") {
  FetchOutcome o;
  o.source_id = source;
  o.started = when;
  o.http_status = error.empty() ? 200 : 500;
  o.error = std::move(error);
  return o;
}

FeedItem story(int n) {
  FeedItem i;
  i.guid = std::to_string(n);
  i.url = "https://example.org/" + std::to_string(n);
  i.title = "Story " + std::to_string(n);
  i.content_text = "Body";
  return i;
}

TEST_F(PollHistoryTest, RecentSuccessfulPollsNewestFirstWithTheirNewItems) {
  auto source = add_source("https://example.org/feed");
  auto other = add_source("https://example.org/other");
  record_poll(*db_, fetch_at(source, 1000), {story(1), story(2)}, 1000);
  record_poll(*db_, fetch_at(source, 2000, "HTTP 500"), {}, 2000);  // failed: not an observation
  record_poll(*db_, fetch_at(source, 3000), {story(1), story(2), story(3)}, 3000);
  record_poll(*db_, fetch_at(other, 3500), {story(9)}, 3500);
  record_poll(*db_, fetch_at(source, 4000), {story(1), story(2), story(3)}, 4000);

  PollHistoryLookup history(*db_);
  std::vector<ObservedPoll> polls = history.recent(source, 0, 50);
  ASSERT_EQ(polls.size(), 3u);
  EXPECT_EQ(polls[0].started, 4000);
  EXPECT_EQ(polls[0].new_items, 0);
  EXPECT_EQ(polls[1].started, 3000);
  EXPECT_EQ(polls[1].new_items, 1);
  EXPECT_EQ(polls[2].started, 1000);
  EXPECT_EQ(polls[2].new_items, 2);
  // The window: since a time, at most so many.
  EXPECT_EQ(history.recent(source, 2500, 50).size(), 2u);
  EXPECT_EQ(history.recent(source, 0, 1).size(), 1u);
}

TEST_F(PollHistoryTest, TheRecorderKeepsTheBodyHashAndTheChosenInterval) {
  auto source = add_source("https://example.org/feed");
  FetchOutcome parsed = fetch_at(source, 1000);
  parsed.body_hash = std::string(64, 'a');
  parsed.publisher_interval = 5400;
  parsed.effective_interval = 5400;
  parsed.interval_reason = "ttl/sy: 1h30m";
  record_poll(*db_, parsed, {story(1)}, 1000);
  // An unchanged body: the hash and the feed's word stay; the fetch says so.
  FetchOutcome same = fetch_at(source, 2000);
  same.same_body = true;
  same.effective_interval = 7200;
  same.interval_reason = "cache: 2h";
  record_poll(*db_, same, {}, 2000);
  // A failure changes none of them.
  record_poll(*db_, fetch_at(source, 3000, "HTTP 500"), {}, 3000);

  std::optional<SourceRow> row = SourceStore(*db_).find("https://example.org/feed");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->body_hash, std::string(64, 'a'));
  EXPECT_EQ(row->publisher_interval, 5400);
  EXPECT_EQ(row->effective_interval, 7200);
  EXPECT_EQ(row->interval_reason, "cache: 2h");
  EXPECT_EQ(
      text("SELECT group_concat(same_body, ',') FROM (SELECT same_body FROM fetches ORDER BY id)"),
      "0,1,0");

  // A parsed document without a ttl clears the feed's word.
  FetchOutcome reparsed = fetch_at(source, 4000);
  reparsed.body_hash = std::string(64, 'b');
  record_poll(*db_, reparsed, {story(1)}, 4000);
  row = SourceStore(*db_).find("https://example.org/feed");
  EXPECT_EQ(row->body_hash, std::string(64, 'b'));
  EXPECT_EQ(row->publisher_interval, std::nullopt);
}

}  // namespace
}  // namespace gazette
