// Stories through Store& on both engines (store_engine_fixture.h): story
// assignment of new articles (enable_story_assignment, record_polls), the
// stories table, articles.story_id, the stories_v view and list_stories.
// What is SQLite's own (StoryAssigner's reset after a rolled-back batch)
// stays in story_assigner_test.cc; several PostgreSQL pollers assigning at
// once: pg_store_write_test.cc.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/storage/poll_items.h"
#include "tests/storage/store_engine_fixture.h"

namespace gazette {
namespace {

constexpr UnixTime kT0 = 1'764'500'000;

class StoreStoriesTest : public test_support::StoreEngineTest {
 protected:
  // Stores `items` as one poll of `source` (assigned when assignment is on).
  void store(std::int64_t source, const std::vector<FeedItem>& items) {
    record(fetched_ok(source), items, kT0 + 3600);
  }
  std::string story_of(const std::string& id) {
    return text("SELECT story_id FROM articles_v WHERE url = 'https://news.example/" + id + "'");
  }
};

// The outlets of one event share a story, stories_v sums it up and
// list_stories lists it biggest first.
TEST_P(StoreStoriesTest, OutletsOfOneEventShareAStoryAndTheViewSumsItUp) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  auto c = add_source("https://c.example/feed");
  store_->enable_story_assignment(StoryParams{});
  store(a,
        {news_item("a1", "Storm floods harbour district overnight",
                   "Sea water filled the streets of the harbour district.", kT0),
         news_item("a2", "Library extends opening hours", "From Monday it opens at eight.", kT0)});
  store(b, {news_item("b1", "Harbour district under water after storm",
                      "Residents of the harbour district woke to flooded streets.", kT0 + 1800)});
  store(c, {news_item("c1", "Flooding: storm surge swamps harbour",
                      "The storm pushed water over the quay.", kT0 + 3600)});
  EXPECT_NE(story_of("a1"), "<null>");
  EXPECT_EQ(story_of("a1"), story_of("b1"));
  EXPECT_EQ(story_of("a1"), story_of("c1"));
  EXPECT_NE(story_of("a1"), story_of("a2"));
  EXPECT_EQ(count("SELECT count(*) FROM articles WHERE story_id IS NULL"), 0);

  const std::string flood = story_of("a1");
  auto row = [&](const std::string& column) {
    return text("SELECT " + column + " FROM stories_v WHERE story_id = " + flood);
  };
  EXPECT_EQ(row("title"), "Storm floods harbour district overnight");
  EXPECT_EQ(row("articles"), "3");
  EXPECT_EQ(row("sources"), "3");
  EXPECT_EQ(row("first_published"), "2025-11-30T10:53:20Z");
  EXPECT_EQ(row("last_published"), "2025-11-30T11:53:20Z");
  EXPECT_EQ(row("article_ids"),
            fmt::format("[{},{},{}]", count("SELECT id FROM articles WHERE guid = 'a1'"),
                        count("SELECT id FROM articles WHERE guid = 'b1'"),
                        count("SELECT id FROM articles WHERE guid = 'c1'")));
  EXPECT_EQ(count("SELECT count(*) FROM stories_v"), 2);

  std::vector<StoryRow> stories = store_->list_stories(StoryFilter{});
  ASSERT_EQ(stories.size(), 2u);
  EXPECT_EQ(std::to_string(stories[0].id), flood) << "the biggest first";
  EXPECT_EQ(stories[0].sources, 3);
  EXPECT_EQ(stories[0].members.size(), 3u);
  StoryFilter wide;
  wide.min_sources = 2;
  EXPECT_EQ(store_->list_stories(wide).size(), 1u);

  // Storing the same items again changes nothing.
  record(fetched_ok(a), {news_item("a1", "Storm floods harbour district overnight", "", kT0)},
         kT0 + 7200);
  EXPECT_EQ(count("SELECT count(*) FROM stories"), 2);
}

TEST_P(StoreStoriesTest, StoringTheSameItemsAgainChangesNothing) {
  auto a = add_source("https://a.example/feed");
  store_->enable_story_assignment(StoryParams{});
  std::vector<FeedItem> items = {
      news_item("a1", "Storm floods harbour", "Water in the streets.", kT0),
      news_item("a2", "Library opens later", "From Monday.", kT0)};
  store(a, items);
  const char* assigned = "SELECT id, story_id FROM articles ORDER BY id";
  test_support::Rows before = rows(assigned);
  ASSERT_EQ(before.size(), 2u);
  store(a, items);
  EXPECT_EQ(rows(assigned), before);
  EXPECT_EQ(count("SELECT count(*) FROM stories"), 2);
}

// A restart: the store opened again reloads the window of recent stories
// from the database, and a new outlet of an old event joins its story.
TEST_P(StoreStoriesTest, AReopenedStoreContinuesTheStoriesOfTheWindow) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  store_->enable_story_assignment(StoryParams{});
  store(a, {news_item("a1", "Storm floods harbour district overnight", "Sea water in the streets.",
                      kT0),
            news_item("a2", "Library extends opening hours", "From Monday.", kT0)});
  reopen();
  store_->enable_story_assignment(StoryParams{});
  store(b, {news_item("b1", "Harbour district under water after storm", "Flooded streets.",
                      kT0 + 600)});
  EXPECT_EQ(story_of("a1"), story_of("b1"));
  EXPECT_NE(story_of("a1"), story_of("a2"));
}

TEST_P(StoreStoriesTest, ArticlesFromBeforeTheFirstStoryAreLeftAlone) {
  auto a = add_source("https://a.example/feed");
  record(fetched_ok(a), {news_item("old", "Storm floods harbour", "Old news.", kT0)}, kT0);
  store_->enable_story_assignment(StoryParams{});
  store(a, {news_item("new", "Storm floods harbour again", "New news.", kT0 + 60)});
  EXPECT_EQ(count("SELECT count(*) FROM articles WHERE story_id IS NULL"), 1);
  EXPECT_EQ(text("SELECT guid FROM articles WHERE story_id IS NULL"), "old");
}

GAZETTE_INSTANTIATE_STORE_ENGINES(StoreStoriesTest);

}  // namespace
}  // namespace gazette
