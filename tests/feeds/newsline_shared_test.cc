// The newsline fixture's RSS feed, checked against the expected articles in
// ../shared/fixtures/newsline/expected.json. Skipped when ../shared is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "feeds/date_parser.h"
#include "feeds/feed_parser.h"
#include "feeds/html_text.h"
#include "feeds/normalize.h"
#include "fixture_file.h"

namespace gazette {
namespace {

const std::filesystem::path kNewsline =
    std::filesystem::path(GAZETTE_SOURCE_DIR) / ".." / "shared" / "fixtures" / "newsline";

TEST(NewslineSharedFeed, MatchesExpectedArticles) {
  std::filesystem::path feed_path = kNewsline / "site" / "feed" / "index.xml";
  std::filesystem::path expected_path = kNewsline / "expected.json";
  if (!std::filesystem::exists(feed_path) || !std::filesystem::exists(expected_path))
    GTEST_SKIP() << "shared fixtures not found at " << kNewsline;

  // Each article's string members (the others are not compared here).
  nlohmann::json document = nlohmann::json::parse(test_support::read_file(expected_path.string()));
  std::vector<std::map<std::string, std::string>> expected;
  for (const nlohmann::json& article : document.at("articles")) {
    auto& fields = expected.emplace_back();
    for (const auto& [name, value] : article.items())
      if (value.is_string()) fields[name] = value.get<std::string>();
  }
  ASSERT_EQ(expected.size(), 6u) << "could not read the articles of " << expected_path;

  ParsedFeed feed =
      parse_feed(test_support::read_file(feed_path.string()), "https://newsline.example/feed/");
  EXPECT_EQ(feed.format, "rss");
  EXPECT_EQ(feed.site_url, "https://newsline.example/");
  ASSERT_EQ(feed.items.size(), expected.size());

  constexpr UnixTime kNow = 1762000000;  // 2025-11-01, after every item
  for (const auto& want : expected) {
    SCOPED_TRACE("article " + want.at("guid") + ": " + want.at("url"));
    // expected.json is not in feed order: match by guid.
    auto found = std::find_if(feed.items.begin(), feed.items.end(),
                              [&](const FeedItem& i) { return i.guid == want.at("guid"); });
    ASSERT_NE(found, feed.items.end()) << "no item with this guid in the feed";
    FeedItem item = *found;
    normalize_item(item, "https://newsline.example/feed/", kNow);
    EXPECT_EQ(item.title, want.at("title"));
    EXPECT_EQ(item.url, want.at("url"));
    EXPECT_EQ(item.guid, want.at("guid"));
    EXPECT_EQ(item.author, want.at("author"));
    ASSERT_TRUE(item.published.has_value());
    EXPECT_EQ(item.published, parse_date(want.at("published"))) << want.at("published");
    ASSERT_FALSE(item.categories.empty());
    EXPECT_EQ(item.categories.front(), want.at("category"));
    EXPECT_EQ(collapse_whitespace(item.content_text), collapse_whitespace(want.at("body_text")));
    // Paragraph structure survives, not just the words.
    EXPECT_EQ(item.content_text, want.at("body_text"));
  }
}

}  // namespace
}  // namespace gazette
