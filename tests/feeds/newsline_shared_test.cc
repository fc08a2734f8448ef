// The newsline fixture's RSS feed, checked against the expected articles in
// ../shared/fixtures/newsline/expected.json. Skipped when ../shared is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
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

// Just enough JSON for expected.json: the objects of the "articles" array,
// keeping their string members (escapes \n \" \\ \/ \uXXXX decoded).
class ArticleReader {
 public:
  explicit ArticleReader(std::string_view json) : s_(json) {}

  std::vector<std::map<std::string, std::string>> articles() {
    std::vector<std::map<std::string, std::string>> out;
    std::size_t key = s_.find("\"articles\"");
    if (key == std::string_view::npos) return out;
    pos_ = s_.find('[', key) + 1;
    while (skip_space(), peek() == '{') {
      ++pos_;
      std::map<std::string, std::string> object;
      while (skip_space(), peek() == '"') {
        std::string name = string();
        skip_space();
        ++pos_;  // ':'
        skip_space();
        if (peek() == '"') object[name] = string();
        while (pos_ < s_.size() && s_[pos_] != ',' && s_[pos_] != '}') ++pos_;  // non-strings
        if (peek() == ',') ++pos_;
      }
      ++pos_;  // '}'
      out.push_back(std::move(object));
      skip_space();
      if (peek() == ',') ++pos_;
    }
    return out;
  }

 private:
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void skip_space() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  std::string string() {
    std::string out;
    ++pos_;  // opening quote
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      char e = s_[pos_++];
      if (e == 'n') {
        out += '\n';
      } else if (e == 't') {
        out += '\t';
      } else if (e == 'u') {
        unsigned cp = std::stoul(std::string(s_.substr(pos_, 4)), nullptr, 16);
        pos_ += 4;
        if (cp < 0x80) {
          out += static_cast<char>(cp);
        } else if (cp < 0x800) {
          out += static_cast<char>(0xC0 | (cp >> 6));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (cp >> 12));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        }
      } else {
        out += e;  // \" \\ \/
      }
    }
    ++pos_;  // closing quote
    return out;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

TEST(NewslineSharedFeed, MatchesExpectedArticles) {
  std::filesystem::path feed_path = kNewsline / "site" / "feed" / "index.xml";
  std::filesystem::path expected_path = kNewsline / "expected.json";
  if (!std::filesystem::exists(feed_path) || !std::filesystem::exists(expected_path))
    GTEST_SKIP() << "shared fixtures not found at " << kNewsline;

  std::string expected_json = testing::read_file(expected_path.string());
  std::vector<std::map<std::string, std::string>> expected =
      ArticleReader(expected_json).articles();
  ASSERT_EQ(expected.size(), 6u) << "could not read the articles of " << expected_path;

  ParsedFeed feed =
      parse_feed(testing::read_file(feed_path.string()), "https://newsline.example/feed/");
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
