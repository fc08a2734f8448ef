#include "feeds/headline_extractor.h"

#include <gtest/gtest.h>

#include <set>

#include "feeds/url_normalize.h"
#include "page_test_util.h"

namespace gazette {
namespace {

using test_support::load_page;

std::vector<std::string> blocks_of(const Headline& h) {
  std::vector<std::string> out;
  for (const auto& s : h.sightings) out.push_back(s.block + "#" + std::to_string(s.position));
  return out;
}

TEST(HeadlineExtractorTest, CardThemeWithDuplicatedTrackedLinks) {
  PageDocument page = load_page("ghost-home.html", "https://harbour-ledger.test/");
  auto headlines = extract_headlines(page.dom, page.url, page.base_url);
  ASSERT_EQ(headlines.size(), 4u);

  // Each story once, under its normalized URL, however it was linked
  // (utm_ parameters, a #comments fragment, www., fbclid).
  std::set<std::string> keys;
  for (const auto& h : headlines) {
    EXPECT_EQ(h.normalized_url, normalize_url(h.url));
    keys.insert(h.normalized_url);
  }
  EXPECT_EQ(keys, (std::set<std::string>{
                      "https://harbour-ledger.test/ferry-fares-rise-for-the-third-time-this-year",
                      "https://harbour-ledger.test/council-delays-vote-on-waterfront-housing",
                      "https://harbour-ledger.test/lighthouse-keepers-archive-goes-online",
                      "https://harbour-ledger.test/storm-closes-north-pier-for-repairs"}));

  const Headline& ferry = headlines[0];
  EXPECT_EQ(ferry.title,
            "Ferry fares rise for the third time this year");  // not the tag or excerpt
  EXPECT_EQ(ferry.teaser.rfind("Commuters on the island route", 0), 0u);
  EXPECT_EQ(ferry.published, 1740873600);  // 2025-03-02
  EXPECT_EQ(ferry.block, "Latest stories");
  EXPECT_EQ(ferry.position, 1);
  EXPECT_EQ(blocks_of(ferry), (std::vector<std::string>{"Latest stories#1", "Most read#2"}));
  EXPECT_EQ(blocks_of(headlines[1]), (std::vector<std::string>{"Latest stories#2", "Most read#1"}));
  EXPECT_EQ(headlines[3].title, "Storm closes north pier for repairs");
  EXPECT_EQ(blocks_of(headlines[3]), (std::vector<std::string>{"Most read#3"}));
  EXPECT_FALSE(headlines[3].published);

  // Menus, tag pages, about/contact, pagination, footer, ads: none of them.
  for (const auto& h : headlines) {
    EXPECT_EQ(h.url.find("/tag/"), std::string::npos);
    EXPECT_EQ(h.url.find("/page/"), std::string::npos);
    EXPECT_EQ(h.url.find("ads.test"), std::string::npos);
    EXPECT_EQ(h.url.find("/about/"), std::string::npos);
  }
}

TEST(HeadlineExtractorTest, ArticleSidebarAndBloggerWidget) {
  PageDocument article = load_page(
      "ghost-article.html", "https://harbour-ledger.test/storm-closes-north-pier-for-repairs/");
  auto read_next = extract_headlines(article.dom, article.url, article.base_url);
  ASSERT_EQ(read_next.size(), 2u);
  EXPECT_EQ(read_next[0].block, "Read next");
  EXPECT_EQ(read_next[1].title, "Lighthouse keepers' archive goes online");

  PageDocument blog =
      load_page("blogger-latin1.html", "http://carnet-helene.test/2025/02/creme-brulee.html");
  auto popular = extract_headlines(blog.dom, blog.url, blog.base_url);
  ASSERT_EQ(popular.size(), 2u);  // not the pager, the label link or the share button
  EXPECT_EQ(popular[0].title, "La tarte aux pommes de ma grand-mère");
  EXPECT_EQ(popular[0].block, "Articles les plus consultés");
  EXPECT_EQ(popular[1].url,
            "http://carnet-helene.test/2025/01/soupe-%C3%A0-l-oignon-gratin%C3%A9e.html");
  EXPECT_TRUE(popular[1].teaser.empty());
}

TEST(HeadlineExtractorTest, ProseLinksAndShortLinksAreNotHeadlines) {
  PageDocument page = parse_page(R"(<body>
<p>As <a href="/2024/01/02/an-earlier-report-on-the-same-subject">an earlier report on the same subject</a>
showed last year, the council had been warned repeatedly about the state of the pier and its supports.</p>
<ul><li><a href="/2024/05/01/x">More</a></li><li><a href="/section/world/">World news from everywhere today</a></li></ul>
<h2><a href="https://elsewhere.test/a-story-on-another-site">A story on another site worth reading</a></h2>
<div><a href="https://elsewhere.test/another-story-on-another-site">Another story on another site, linked plainly</a></div>
</body>)",
                                 "", "https://example.com/");
  auto headlines = extract_headlines(page.dom, page.url, page.base_url);
  ASSERT_EQ(headlines.size(), 1u);
  EXPECT_EQ(headlines[0].url, "https://elsewhere.test/a-story-on-another-site");  // in a heading
}

}  // namespace
}  // namespace gazette
