// The newsline fixture site (../shared/fixtures/newsline): every article page
// extracts to expected.json, the home page's and sidebars' headline lists
// cover the stories without menus or taxonomy links.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "feeds/article_extractor.h"
#include "feeds/date_parser.h"
#include "feeds/headline_extractor.h"
#include "feeds/html_document.h"
#include "feeds/url_normalize.h"
#include "page_test_util.h"

namespace gazette {
namespace {

namespace fs = std::filesystem;
const fs::path kNewsline = fs::path(GAZETTE_SOURCE_DIR) / ".." / "shared" / "fixtures" / "newsline";
constexpr const char* kSite = "https://newsline.example";

class NewslineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kNewsline / "expected.json")) GTEST_SKIP() << kNewsline << " absent";
    expected_ = nlohmann::json::parse(test_support::read_file((kNewsline / "expected.json").string()));
  }
  // The page of an article URL: site/<path>/index.html.
  PageDocument load(const std::string& url) {
    std::string path = url.substr(std::string(kSite).size());
    return parse_page(
        test_support::read_file((kNewsline / "site" / path.substr(1) / "index.html").string()),
        "text/html; charset=UTF-8", url);
  }
  void expect_no_boilerplate(const std::string& text, const std::string& where) {
    for (const auto& b : expected_["boilerplate_strings"])
      EXPECT_EQ(text.find(b.get<std::string>()), std::string::npos) << where << ": " << b;
  }
  nlohmann::json expected_;
};

TEST_F(NewslineTest, EveryArticlePageExtractsAsExpected) {
  ASSERT_EQ(expected_["articles"].size(), 6u);
  for (const auto& e : expected_["articles"]) {
    const std::string url = e["url"];
    SCOPED_TRACE(url);
    PageDocument page = load(url);
    ExtractedArticle a = extract_article(page.dom, page.url, page.base_url);
    EXPECT_TRUE(a.is_article);
    EXPECT_EQ(a.title, e["title"]);
    EXPECT_EQ(a.canonical_url, url);
    EXPECT_EQ(a.author, e["author"]);
    EXPECT_EQ(a.published, parse_date(e["published"].get<std::string>()));
    EXPECT_EQ(test_support::squeeze(a.content_text), test_support::squeeze(e["body_text"])) << a.content_text;
    expect_no_boilerplate(a.title, "title");
    expect_no_boilerplate(a.content_text, "text");
  }
}

TEST_F(NewslineTest, KimJongUnPageHasExactlyThreeParagraphsAndTwoSubheadings) {
  PageDocument page = load(expected_["articles"][0]["url"]);
  ExtractedArticle a = extract_article(page.dom, page.url, page.base_url);
  EXPECT_EQ(a.title, "Kim Jong Un and Xi Jinping Reaffirm Strong Ties Amid Global Shifts");
  EXPECT_EQ(a.author, "Desk Team");
  EXPECT_EQ(a.published, 1761966000);  // 2025-11-01T08:30:00+05:30 = 03:00Z
  // Nothing but p, h2, p, h2, p, however deep the sanitized HTML nests them.
  pugi::xml_document dom = parse_html(a.content_html);
  std::vector<std::string> blocks;
  for (pugi::xpath_node n : dom.select_nodes("//body//*[self::p or self::h1 or self::h2 or "
                                             "self::h3 or self::h4 or self::li or self::img]"))
    blocks.push_back(n.node().name());
  EXPECT_EQ(blocks, (std::vector<std::string>{"p", "h2", "p", "h2", "p"})) << a.content_html;
  std::vector<std::string> paragraphs;
  for (std::size_t start = 0; start <= a.content_text.size();) {
    std::size_t end = a.content_text.find("\n\n", start);
    if (end == std::string::npos) end = a.content_text.size();
    paragraphs.push_back(a.content_text.substr(start, end - start));
    start = end + 2;
  }
  ASSERT_EQ(paragraphs.size(), 5u) << a.content_text;
  EXPECT_EQ(paragraphs[1], "North Korea Pledges to Defend China’s Core Interests");
  EXPECT_EQ(paragraphs[3], "China-North Korea Alliance Gains Global Spotlight");
}

std::set<std::string> expected_urls(const nlohmann::json& expected) {
  std::set<std::string> urls;
  for (const auto& e : expected["articles"])
    urls.insert(normalize_url(e["url"].get<std::string>()));
  return urls;
}

TEST_F(NewslineTest, HomePageHeadlinesCoverTheSixArticlesOnce) {
  PageDocument page = parse_page(test_support::read_file((kNewsline / "site" / "index.html").string()),
                                 "text/html", std::string(kSite) + "/");
  auto headlines = extract_headlines(page.dom, page.url, page.base_url);
  std::set<std::string> urls;
  std::set<std::string> blocks;
  for (const auto& h : headlines) {
    EXPECT_TRUE(urls.insert(h.normalized_url).second) << "twice: " << h.url;
    for (const auto& s : h.sightings) blocks.insert(s.block);
    EXPECT_FALSE(h.title.empty());
    EXPECT_TRUE(h.published) << h.url;
    EXPECT_FALSE(h.teaser.empty()) << h.url;
    EXPECT_EQ(h.url.find("/category/"), std::string::npos);
    EXPECT_EQ(h.url.find("/tag/"), std::string::npos);
  }
  EXPECT_EQ(urls, expected_urls(expected_));
  EXPECT_EQ(blocks, (std::set<std::string>{"Latest News", "Hot this week", "Topics"}));
  // Titles agree with the article list.
  for (const auto& e : expected_["articles"])
    for (const auto& h : headlines)
      if (h.normalized_url == normalize_url(e["url"].get<std::string>())) {
        EXPECT_EQ(h.title, e["title"]);
      }
}

TEST_F(NewslineTest, ArticleSidebarsListHotThisWeekAndTopics) {
  for (const auto& e : expected_["articles"]) {
    const std::string url = e["url"];
    SCOPED_TRACE(url);
    PageDocument page = load(url);
    auto headlines = extract_headlines(page.dom, page.url, page.base_url);
    std::set<std::string> blocks;
    for (const auto& h : headlines) {
      EXPECT_NE(h.normalized_url, normalize_url(url)) << "the page itself";
      EXPECT_EQ(expected_urls(expected_).count(h.normalized_url), 1u) << h.url;
      for (const auto& s : h.sightings) blocks.insert(s.block);
    }
    EXPECT_TRUE(blocks.count("Hot this week"));
    EXPECT_TRUE(blocks.count("Topics"));
    for (const auto& b : blocks)
      EXPECT_TRUE(b == "Hot this week" || b == "Topics" || b == "Trending Now") << b;
  }
}

}  // namespace
}  // namespace gazette
