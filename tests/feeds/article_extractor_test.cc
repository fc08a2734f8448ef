#include "feeds/article_extractor.h"

#include <gtest/gtest.h>

#include "page_test_util.h"

namespace gazette {
namespace {

using test_support::load_page;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(ArticleExtractorTest, GhostThemeArticle) {
  const std::string url =
      "https://harbour-ledger.test/storm-closes-north-pier-for-repairs/?utm_source=x";
  PageDocument page = load_page("ghost-article.html", url);
  ExtractedArticle a = extract_article(page.dom, page.url, page.base_url);
  EXPECT_TRUE(a.is_article);
  EXPECT_EQ(to_string(a.is_article_why), "og:type");
  EXPECT_EQ(a.title, "Storm closes north pier for repairs");
  EXPECT_EQ(a.author, "Joss Arden");  // no metadata: from rel=author
  EXPECT_EQ(a.canonical_url, "https://harbour-ledger.test/storm-closes-north-pier-for-repairs/");
  EXPECT_EQ(a.image_url, "https://harbour-ledger.test/content/images/pier.jpg");
  EXPECT_EQ(a.published, 1740984300);  // 2025-03-03T06:45:00Z
  EXPECT_EQ(a.modified, 1740993000);
  EXPECT_EQ(a.categories, std::vector<std::string>{"Harbour"});
  EXPECT_EQ(a.content_text.rfind("Waves of more than six metres", 0), 0u) << a.content_text;
  EXPECT_TRUE(contains(a.content_text, "\n\nRepairs could take weeks\n\n"));
  EXPECT_TRUE(a.content_text.ends_with("south breakwater in the meantime.")) << a.content_text;
  for (const char* boilerplate : {"Share on X", "Comments", "Post comment", "newsletter",
                                  "Read next", "Ferry fares", "All rights reserved", "Joss Arden"})
    EXPECT_FALSE(contains(a.content_text, boilerplate)) << boilerplate;
  EXPECT_TRUE(contains(a.content_html, "<h2>Repairs could take weeks</h2>")) << a.content_html;
  EXPECT_FALSE(contains(a.content_html, "<form"));

  FeedItem item = to_feed_item(a);
  EXPECT_EQ(item.url, a.canonical_url);
  EXPECT_EQ(item.content_text, a.content_text);
}

TEST(ArticleExtractorTest, Windows1252BlogPostIsProse) {
  PageDocument page =
      load_page("blogger-latin1.html", "http://carnet-helene.test/2025/02/creme-brulee.html");
  ExtractedArticle a = extract_article(page.dom, page.url, page.base_url);
  EXPECT_TRUE(a.is_article);
  EXPECT_EQ(to_string(a.is_article_why), "prose");  // no JSON-LD, no og:type
  EXPECT_EQ(a.title, "Crème brûlée à la maison");
  EXPECT_EQ(a.author, "Hélène Marchal");
  EXPECT_EQ(a.canonical_url, "http://carnet-helene.test/2025/02/creme-brulee.html");
  EXPECT_EQ(a.content_text.rfind("Il n’y a rien de plus simple qu’une crème brûlée", 0), 0u)
      << a.content_text;
  EXPECT_TRUE(contains(a.content_text, "moins de 6 €"));
  EXPECT_TRUE(a.content_text.ends_with("qui fait tout.")) << a.content_text;
  for (const char* boilerplate :
       {"Partager", "commentaires", "Merci", "Libellés", "Article plus ancien", "tarte aux pommes"})
    EXPECT_FALSE(contains(a.content_text, boilerplate)) << boilerplate;
}

TEST(ArticleExtractorTest, HomePageIsNotAnArticle) {
  PageDocument page = load_page("ghost-home.html", "https://harbour-ledger.test/");
  ExtractedArticle a = extract_article(page.dom, page.url, page.base_url);
  EXPECT_FALSE(a.is_article) << a.content_text;
}

TEST(ArticleExtractorTest, JsonLdGraphAndAuthorList) {
  PageDocument page = parse_page(R"(<html><head>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"Site"},
 {"@type":["Thing","BlogPosting"],"headline":"Graph headline","datePublished":"2024-05-06T07:08:09Z",
  "author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chen"}],
  "image":{"@type":"ImageObject","url":"/lead.png"},"articleSection":["Science","Space"]}]}</script>
<script type="application/ld+json">{ not json </script>
</head><body><p>Short.</p></body></html>)",
                                 "", "https://example.com/post/");
  ExtractedArticle a = extract_article(page.dom, page.url, page.base_url);
  EXPECT_TRUE(a.is_article);
  EXPECT_EQ(to_string(a.is_article_why), "json-ld");
  EXPECT_EQ(a.title, "Graph headline");
  EXPECT_EQ(a.author, "Ann Lee, Bo Chen");
  EXPECT_EQ(a.published, 1714979289);
  EXPECT_EQ(a.image_url, "https://example.com/lead.png");
  EXPECT_EQ(a.categories, (std::vector<std::string>{"Science", "Space"}));
}

TEST(ArticleExtractorTest, NodeBudgetBoundsWorkOnHugePages) {
  std::string html = "<html><body>";
  for (int i = 0; i < 20000; ++i) html += "<div><span>cell</span></div>";
  html += "<p>" + std::string(300, 'x') + ", tail.</p></body></html>";
  PageDocument page = parse_page(html, "", "https://example.com/");
  ArticleOptions options;
  options.max_nodes = 5000;
  ExtractedArticle a = extract_article(page.dom, page.url, page.base_url, options);
  EXPECT_TRUE(a.budget_exhausted);
  EXPECT_FALSE(contains(a.content_text, "tail."));  // never reached
}

}  // namespace
}  // namespace gazette
