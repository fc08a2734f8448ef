// Stories in the database: storage/story_assigner.h and schema 9's
// stories table, articles.story_id and the stories_v view.
#include "storage/story_assigner.h"

#include <fmt/format.h>

#include "storage/poll_recorder.h"
#include "storage_test_support.h"
#include "tests/storage/poll_items.h"

namespace gazette {
namespace {

constexpr UnixTime kT0 = 1'764'500'000;

using test_support::news_item;

class StoryAssignerTest : public test_support::TempDatabase {
 protected:
  // Stores `items` as one poll of `source`, then assigns them, as the store thread does.
  void store(StoryAssigner& stories, std::int64_t source, const std::vector<FeedItem>& items) {
    stories.prepare();
    record_poll(*db_, fetched(source), items, kT0 + 3600);
    stories.assign_new(kT0 + 3600);
  }
  std::int64_t story_of(const std::string& id) {
    return count("SELECT story_id FROM articles_v WHERE url = 'https://news.example/" + id + "'");
  }
};

TEST_F(StoryAssignerTest, OutletsOfOneEventShareAStoryAndTheViewSumsItUp) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  auto c = add_source("https://c.example/feed");
  StoryAssigner stories(*db_, StoryParams{});
  store(stories, a,
        {news_item("a1", "Storm floods harbour district overnight",
                   "Sea water filled the streets of the harbour district.", kT0),
         news_item("a2", "Library extends opening hours", "From Monday it opens at eight.", kT0)});
  store(stories, b,
        {news_item("b1", "Harbour district under water after storm",
                   "Residents of the harbour district woke to flooded streets.", kT0 + 1800)});
  store(stories, c,
        {news_item("c1", "Flooding: storm surge swamps harbour",
                   "The storm pushed water over the quay.", kT0 + 3600)});
  EXPECT_EQ(story_of("a1"), story_of("b1"));
  EXPECT_EQ(story_of("a1"), story_of("c1"));
  EXPECT_NE(story_of("a1"), story_of("a2"));
  EXPECT_EQ(count("SELECT count(*) FROM articles WHERE story_id IS NULL"), 0);

  std::int64_t flood = story_of("a1");
  auto row = [&](const std::string& column) {
    return text(fmt::format("SELECT {} FROM stories_v WHERE story_id = {}", column, flood));
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
}

TEST_F(StoryAssignerTest, StoringTheSameItemsAgainChangesNothing) {
  auto a = add_source("https://a.example/feed");
  StoryAssigner stories(*db_, StoryParams{});
  std::vector<FeedItem> items = {
      news_item("a1", "Storm floods harbour", "Water in the streets.", kT0),
      news_item("a2", "Library opens later", "From Monday.", kT0)};
  store(stories, a, items);
  std::string before = text("SELECT group_concat(id || ':' || story_id) FROM articles");
  store(stories, a, items);
  EXPECT_EQ(text("SELECT group_concat(id || ':' || story_id) FROM articles"), before);
  EXPECT_EQ(count("SELECT count(*) FROM stories"), 2);
}

TEST_F(StoryAssignerTest, ANewAssignerContinuesTheStoriesOfTheWindow) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  {
    StoryAssigner stories(*db_, StoryParams{});
    store(stories, a,
          {news_item("a1", "Storm floods harbour district overnight", "Sea water in the streets.",
                     kT0),
           news_item("a2", "Library extends opening hours", "From Monday.", kT0)});
  }
  // A restart: the next assigner reloads the window from the database.
  StoryAssigner stories(*db_, StoryParams{});
  store(
      stories, b,
      {news_item("b1", "Harbour district under water after storm", "Flooded streets.", kT0 + 600)});
  EXPECT_EQ(story_of("a1"), story_of("b1"));
}

TEST_F(StoryAssignerTest, ArticlesFromBeforeTheFirstStoryAreLeftAlone) {
  auto a = add_source("https://a.example/feed");
  record_poll(*db_, fetched(a), {news_item("old", "Storm floods harbour", "Old news.", kT0)}, kT0);
  StoryAssigner stories(*db_, StoryParams{});
  store(stories, a, {news_item("new", "Storm floods harbour again", "New news.", kT0 + 60)});
  EXPECT_EQ(count("SELECT count(*) FROM articles WHERE story_id IS NULL"), 1);
  EXPECT_EQ(text("SELECT guid FROM articles WHERE story_id IS NULL"), "old");
}

TEST_F(StoryAssignerTest, AfterARollbackTheAssignerRereadsTheDatabase) {
  auto a = add_source("https://a.example/feed");
  StoryAssigner stories(*db_, StoryParams{});
  store(stories, a, {news_item("a1", "Storm floods harbour district", "Water.", kT0)});
  // What a rolled-back batch leaves: neither the article nor its story.
  db_->exec("DELETE FROM articles; DELETE FROM stories");
  stories.reset();
  store(stories, a, {news_item("a1", "Storm floods harbour district", "Water.", kT0)});
  EXPECT_EQ(count("SELECT count(*) FROM stories"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM articles WHERE story_id IS NULL"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM stories_v"), 1);
}

}  // namespace
}  // namespace gazette
