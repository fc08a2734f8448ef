// StoryAssigner (storage/story_assigner.h), what is SQLite's own: the
// assigner's cache of the window's stories, which the SQLite store thread
// resets after a rolled-back batch (PostgreSQL keeps its state per
// connection, storage/postgres/pg_story_state.h, tested with several
// pollers in pg_store_write_test.cc). Story assignment, the stories table,
// articles.story_id and stories_v are tested through Store& on both
// engines in store_engine_stories_test.cc.
#include "storage/story_assigner.h"

#include "storage/poll_recorder.h"
#include "storage_test_support.h"
#include "tests/storage/poll_items.h"

namespace gazette {
namespace {

constexpr UnixTime kT0 = 1'764'500'000;

class StoryAssignerTest : public test_support::TempDatabase {
 protected:
  // Stores `items` as one poll of `source`, then assigns them, as the store thread does.
  void store(StoryAssigner& stories, std::int64_t source, const std::vector<FeedItem>& items) {
    stories.prepare();
    record_poll(*db_, fetched(source), items, kT0 + 3600);
    stories.assign_new(kT0 + 3600);
  }
};

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
