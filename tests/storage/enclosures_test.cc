// Schema version 4: articles.enclosures and articles_v.enclosures.
#include <nlohmann/json.hpp>

#include "storage/enclosure_column.h"
#include "storage/migrations.h"
#include "storage_test_support.h"
#include "tests/storage/poll_items.h"
#include "tests/support/schema_downgrade.h"

namespace gazette {
namespace {

// The fixture, named for what the tests are about (the column).
class Enclosures : public test_support::TempDatabase {};

using test_support::enclosure_link;

FeedItem episode() {
  FeedItem i;
  i.guid = "ep-1";
  i.url = "https://pod.example/ep-1";
  i.title = "Episode one";
  i.content_text = "Show notes";
  i.details.links.push_back({"alternate", "text/html", "https://pod.example/ep-1", {}, {}, {}});
  i.details.links.push_back(
      enclosure_link("https://cdn.pod.example/ep-1.mp3", "audio/mpeg", "123456"));
  // Not stored: not http(s), the same URL again, a length that is no number.
  i.details.links.push_back(enclosure_link("javascript:alert(1)", "audio/mpeg", "1"));
  i.details.links.push_back(enclosure_link("https://cdn.pod.example/ep-1.mp3", "audio/mpeg", "1"));
  i.details.links.push_back(
      enclosure_link("https://cdn.pod.example/ep-1.ogg", "audio/ogg", "about 5 MB"));
  MediaContent video;
  video.url = "https://cdn.pod.example/ep-1.mp4";
  video.medium = "video";
  video.file_size = "999";
  i.details.extensions.media_content.push_back(video);
  i.details.extensions.media_thumbnail.push_back({"https://cdn.pod.example/ep-1.jpg", "", "", ""});
  return i;
}

TEST_F(Enclosures, AreStoredAsAJsonArrayInArticlesV) {
  auto s = add_source("https://pod.example/feed");
  record_poll(*db_, fetched(s), {episode()}, 1'700'000'100);
  nlohmann::json list = nlohmann::json::parse(text("SELECT enclosures FROM articles_v"));
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0], (nlohmann::json{{"url", "https://cdn.pod.example/ep-1.mp3"},
                                     {"type", "audio/mpeg"},
                                     {"length", 123456},
                                     {"source", "enclosure"}}));
  EXPECT_EQ(list[1], (nlohmann::json{{"url", "https://cdn.pod.example/ep-1.ogg"},
                                     {"type", "audio/ogg"},
                                     {"source", "enclosure"}}));
  EXPECT_EQ(list[2]["medium"], "video");
  EXPECT_EQ(list[2]["length"], 999);
  EXPECT_EQ(list[3]["source"], "media:thumbnail");
  // SQLite's JSON functions read it.
  EXPECT_EQ(count("SELECT count(*) FROM articles_v, json_each(articles_v.enclosures)"), 4);
  EXPECT_EQ(text("SELECT json_extract(enclosures, '$[0].url') FROM articles_v"),
            "https://cdn.pod.example/ep-1.mp3");
}

TEST_F(Enclosures, NoneIsAnEmptyArray) {
  auto s = add_source("https://blog.example/feed");
  FeedItem plain;
  plain.guid = "1";
  plain.url = "https://blog.example/1";
  plain.title = "Words only";
  record_poll(*db_, fetched(s), {plain}, 1'700'000'100);
  EXPECT_EQ(text("SELECT enclosures FROM articles_v"), "[]");
  // The column refuses what is not a JSON array, whoever writes it.
  EXPECT_THROW(db_->exec("UPDATE articles SET enclosures = 'mp3'"), SQLite::Exception);
  EXPECT_THROW(db_->exec("UPDATE articles SET enclosures = '{}'"), SQLite::Exception);
}

TEST_F(Enclosures, AnotherSightingFillsThemIn) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  FeedItem bare = episode();
  bare.details = EntryDetails{};
  record_poll(*db_, fetched(a), {bare}, 1'700'000'100);
  EXPECT_EQ(text("SELECT enclosures FROM articles"), "[]");
  FeedItem full = episode();
  full.content_text = "Show notes, longer";  // a different sighting of the same story
  record_poll(*db_, fetched(b), {full}, 1'700'000'200);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(count("SELECT json_array_length(enclosures) FROM articles"), 4);
}

TEST_F(Enclosures, AreBoundedAndValidUtf8) {
  auto s = add_source("https://photos.example/feed");
  FeedItem i = episode();
  i.details = EntryDetails{};
  for (int n = 0; n < 100; ++n) {
    MediaContent m;
    m.url = "https://photos.example/" + std::to_string(n) + ".jpg";
    m.type = n == 0 ? std::string("image/\xff\xfejpeg") : std::string("image/jpeg");
    i.details.extensions.media_content.push_back(m);
  }
  record_poll(*db_, fetched(s), {i}, 1'700'000'100);
  EXPECT_EQ(count("SELECT json_array_length(enclosures) FROM articles"),
            static_cast<std::int64_t>(kMaxEnclosures));
  // The ill-formed type is dropped, not stored.
  EXPECT_EQ(count("SELECT json_extract(enclosures, '$[0].type') IS NULL FROM articles"), 1);
  std::string json = text("SELECT enclosures FROM articles");
  EXPECT_TRUE(nlohmann::json::accept(json));
}

TEST_F(Enclosures, ReadBackForExports) {
  std::vector<Enclosure> back = parse_enclosures_json(enclosures_json(episode()));
  ASSERT_EQ(back.size(), 4u);
  EXPECT_EQ(back[0].url, "https://cdn.pod.example/ep-1.mp3");
  EXPECT_EQ(back[0].length, 123456);
  EXPECT_FALSE(back[1].length.has_value());
  EXPECT_TRUE(parse_enclosures_json("not json").empty());
  EXPECT_TRUE(parse_enclosures_json(R"([{"url": "javascript:x"}, 5])").empty());
}

TEST_F(Enclosures, VersionThreeDatabasesGainTheColumn) {
  auto s = add_source("https://pod.example/feed");
  FeedItem old = episode();
  old.details = EntryDetails{};
  record_poll(*db_, fetched(s), {old}, 1'700'000'100);
  test_support::downgrade_schema(*db_, 3);
  db_.reset();
  db_ = open_database(path_);
  EXPECT_EQ(count("PRAGMA user_version"), current_schema_version());
  EXPECT_EQ(text("SELECT enclosures FROM articles_v"), "[]");
  // The column is the view's last of schema 4 (schema 6 adds story_id after it).
  EXPECT_EQ(text("SELECT name FROM pragma_table_info('articles_v') ORDER BY cid DESC LIMIT 1 "
                 "OFFSET 1"),
            "enclosures");
}

}  // namespace
}  // namespace gazette
