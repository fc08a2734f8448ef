// Issue 10, item 4 (the claim side): a page's canonical URL on another
// registrable domain is a claim, not the article's URL.
#include <gtest/gtest.h>

#include <string>

#include "feeds/article_extractor.h"
#include "feeds/page_document.h"
#include "feeds/page_items.h"
#include "page_test_util.h"

namespace gazette {
namespace {

using test_support::article_page_with_head;

constexpr UnixTime kNow = 1762000000;

ExtractedArticle extract(const std::string& html, const std::string& url) {
  PageDocument page = parse_page(html, "text/html", url);
  return extract_article(page.dom, page.url, page.base_url);
}

TEST(CanonicalClaims, AnotherSitesCanonicalIsNotTheArticlesUrl) {
  const std::string b = "https://b.example/copied";
  for (const std::string& head :
       {std::string("<link rel=\"canonical\" href=\"https://a.example/real/story\">"),
        std::string("<meta property=\"og:url\" content=\"https://a.example/real/story\">"),
        std::string("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
                    "\"url\":\"https://a.example/real/story\"}</script>"),
        std::string("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
                    "\"mainEntityOfPage\":{\"@id\":\"https://a.example/real/story\"}}</script>"),
        // A <base> on the page does not make A's URL the page's own.
        std::string(
            "<base href=\"https://a.example/\"><link rel=canonical href=\"/real/story\">")}) {
    ExtractedArticle a = extract(article_page_with_head(head), b);
    EXPECT_EQ(a.canonical_url, b) << head;
    EXPECT_EQ(a.foreign_canonical_url, "https://a.example/real/story") << head;
    std::optional<FeedItem> item = article_item(article_page_with_head(head), "text/html", b, kNow);
    ASSERT_TRUE(item) << head;
    EXPECT_EQ(item->url, b) << head;
    EXPECT_EQ(item->origin_site, "b.example");
  }
}

TEST(CanonicalClaims, TheSameSitesCanonicalIsBelieved) {
  ExtractedArticle a = extract(
      article_page_with_head("<link rel=canonical href=\"https://www.bbc.co.uk/news/story-1\">"),
      "https://news.bbc.co.uk/amp/story-1?utm_source=x");
  EXPECT_EQ(a.canonical_url, "https://www.bbc.co.uk/news/story-1");
  EXPECT_EQ(a.foreign_canonical_url, "");
}

// Issue 14: an AMP page's canonical on another host of its site is the story
// (amp.example -> www.example); a copy in an AMP cache is weighed by the
// origin's site, not the cache's.
TEST(CanonicalClaims, AmpPagesCanonicalOnAnotherHostOrFromACache) {
  auto amp_page = [](const std::string& head) {
    std::string page = article_page_with_head(head);
    return "<html amp>" + page.substr(std::string("<html>").size());
  };
  const std::string canonical = "<link rel=canonical href=\"https://www.herald.example/story-1\">";
  ExtractedArticle a = extract(amp_page(canonical), "https://amp.herald.example/story-1");
  EXPECT_TRUE(a.amp);
  EXPECT_EQ(a.canonical_url, "https://www.herald.example/story-1");

  const std::string cached =
      "https://www-herald-example.cdn.ampproject.org/c/s/www.herald.example/story-1/amp";
  a = extract(amp_page(canonical), cached);
  EXPECT_EQ(a.canonical_url, "https://www.herald.example/story-1");
  EXPECT_EQ(a.foreign_canonical_url, "");
  std::optional<FeedItem> item = article_item(amp_page(canonical), "text/html", cached, kNow);
  ASSERT_TRUE(item);
  EXPECT_EQ(item->url, "https://www.herald.example/story-1");

  // Without a canonical link: the origin's URL, not the cache's.
  a = extract(amp_page(""), cached);
  EXPECT_EQ(a.canonical_url, "https://www.herald.example/story-1/amp");

  // A cached page claiming a third site's story: still a claim.
  a = extract(amp_page("<link rel=canonical href=\"https://other.example/story\">"), cached);
  EXPECT_EQ(a.canonical_url, "https://www.herald.example/story-1/amp");
  EXPECT_EQ(a.foreign_canonical_url, "https://other.example/story");
}

TEST(CanonicalClaims, SiblingsOnAPublicSuffixAreTwoSites) {
  ExtractedArticle a =
      extract(article_page_with_head("<link rel=canonical href=\"https://a.github.io/post\">"),
              "https://b.github.io/post");
  EXPECT_EQ(a.canonical_url, "https://b.github.io/post");
}

}  // namespace
}  // namespace gazette
