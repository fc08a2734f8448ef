// Issue 14: bylines and dates from every source a page offers, inline
// boilerplate between paragraphs, and listing pages that are not articles,
// on pages written in the styles of common themes (tests/fixtures/pages).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "feeds/article_extractor.h"
#include "feeds/page_items.h"
#include "page_test_util.h"

namespace gazette {
namespace {

using test_support::article_page_with_head;
using test_support::load_page;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

ExtractedArticle extract_fixture(const std::string& name, const std::string& url) {
  PageDocument page = load_page(name, url);
  return extract_article(page.dom, page.url, page.base_url);
}

ExtractedArticle extract_html(const std::string& html, const std::string& url) {
  PageDocument page = parse_page(html, "text/html", url);
  return extract_article(page.dom, page.url, page.base_url);
}

constexpr UnixTime kNow = 1767225600;  // 2026-01-01

// --- Themes -----------------------------------------------------------------

TEST(ArticleSources, WordPressJNewsWithYoastGraph) {
  ExtractedArticle a = extract_fixture(
      "jnews-article.html",
      "https://riverside-courier.test/2025/04/09/port-authority-approves-night-shipping-lane/");
  EXPECT_TRUE(a.is_article);
  EXPECT_EQ(to_string(a.is_article_why), "json-ld");
  EXPECT_EQ(a.title, "Port authority approves night shipping lane");
  EXPECT_EQ(a.author, "Marta Kovač");  // JSON-LD author given as an @id reference
  EXPECT_EQ(a.site_name, "Riverside Courier");
  EXPECT_EQ(a.published, 1744176600);  // 2025-04-09T05:30:00Z, not a comment's date
  EXPECT_TRUE(a.content_text.starts_with("The port authority voted on Wednesday"))
      << a.content_text;
  EXPECT_TRUE(a.content_text.ends_with("along the channel.")) << a.content_text;
  EXPECT_TRUE(contains(a.content_text, "two months of talks."));
  for (const char* boilerplate :
       {"Also read", "Dredging contract", "Related", "Ring road traffic hits", "Advertisement",
        "morning briefing", "sign up", "Share on", "Ferry timetable", "Trending", "About time",
        "Photo: Harbour Press", "Tags:"})
    EXPECT_FALSE(contains(a.content_text, boilerplate)) << boilerplate << "\n" << a.content_text;
}

TEST(ArticleSources, SubstackLikePostFromMetaTags) {
  ExtractedArticle a =
      extract_fixture("substack-post.html", "https://shelfnotes.test/p/why-small-towns-keep");
  EXPECT_TRUE(a.is_article);
  EXPECT_EQ(a.author, "Priya Raman");  // meta author "By Priya Raman": the name
  EXPECT_EQ(a.published, 1739801100);  // article:published_time with milliseconds
  EXPECT_TRUE(contains(a.content_text, "\n\nA room with the heating on\n\n"));
  EXPECT_TRUE(a.content_text.ends_with("since their libraries closed.")) << a.content_text;
  for (const char* boilerplate :
       {"Read more", "reader-supported", "Subscribe", "Share", "comments", "Sign in"})
    EXPECT_FALSE(contains(a.content_text, boilerplate)) << boilerplate << "\n" << a.content_text;
}

TEST(ArticleSources, NewsSiteWithJsonLdGraphInCdata) {
  ExtractedArticle a = extract_fixture(
      "graph-news.html",
      "https://coastline-daily.test/energy/wind-farm-cable-reaches-the-coast-4471902");
  EXPECT_TRUE(a.is_article);
  EXPECT_EQ(to_string(a.is_article_why), "json-ld");
  // Person names, given + family name, an Organization whose name is not a string: skipped.
  EXPECT_EQ(a.author, "Tomás Ferreira, Ana Lindqvist");
  EXPECT_EQ(a.published, 1748942400);  // 2025-06-03T11:20:00+02:00
  EXPECT_EQ(a.image_url, "https://coastline-daily.test/img/cable.jpg");
  EXPECT_FALSE(contains(a.content_text, "Substation plans approved")) << a.content_text;
  EXPECT_FALSE(contains(a.content_text, "Mayor resigns"));
  EXPECT_TRUE(a.content_text.ends_with("later this year.")) << a.content_text;
}

TEST(ArticleSources, GermanPageVisibleBylineAndUrlDate) {
  ExtractedArticle a = extract_fixture(
      "de-artikel.html",
      "https://nordkurier.test/lokales/2025/05/22/stadtrat-beschliesst-neue-radwege.html");
  EXPECT_TRUE(a.is_article);
  EXPECT_EQ(a.title, "Stadtrat beschließt neue Radwege am Fluss");
  EXPECT_EQ(a.author, "Katrin Vogel");  // "Von Katrin Vogel"
  // No date in metadata or markup but the related box's: the URL's date.
  EXPECT_EQ(a.published, 1747872000);  // 2025-05-22
  EXPECT_TRUE(contains(a.content_text, "rund ein Viertel der Summe aufbringen."));
  EXPECT_TRUE(a.content_text.ends_with("Einwände erhoben hat.")) << a.content_text;
  for (const char* boilerplate :
       {"Lesen Sie auch", "Brücke am Hafen", "Mehr zum Thema", "Parkplatznot", "Anzeige", "Angebot",
        "Foto: dpa", "Teilen", "Stadtfest"})
    EXPECT_FALSE(contains(a.content_text, boilerplate)) << boilerplate << "\n" << a.content_text;
}

TEST(ArticleSources, FrenchPageRelAuthorAndTimeNearTheTitle) {
  ExtractedArticle a = extract_fixture(
      "fr-article.html", "https://journal-du-val.test/ville/la-piscine-municipale-rouvre");
  EXPECT_TRUE(a.is_article);
  EXPECT_EQ(a.author, "Jeanne Dupont");  // rel=author
  // The story's <time>, not the one of the "À la une" box above it nor a comment's.
  EXPECT_EQ(a.published, 1748849400);  // 2025-06-02T09:30:00+02:00
  EXPECT_TRUE(a.content_text.starts_with("La piscine municipale a rouvert")) << a.content_text;
  EXPECT_TRUE(a.content_text.ends_with("rentrée de septembre.")) << a.content_text;
  for (const char* boilerplate :
       {"Lire aussi", "club de natation", "lettre d'information", "inscription", "Enfin"})
    EXPECT_FALSE(contains(a.content_text, boilerplate)) << boilerplate << "\n" << a.content_text;
}

// --- Listing pages ----------------------------------------------------------

TEST(ListingPages, NewspaperHomeIsNotAnArticleAndItsHeadlinesAreFollowed) {
  for (std::string url : {"https://valley-herald.test/",
                          "https://valley-herald.test/2025/06/05/a-story-like-url-for-a-home/"}) {
    ExtractedArticle a = extract_fixture("newspaper-home.html", url);
    EXPECT_FALSE(a.is_article) << url;
    EXPECT_FALSE(a.listing_why.empty()) << url;
    EXPECT_GE(a.page_signals.headline_links, 37) << url;

    PageItems items = page_items(test_support::pages_fixture("newspaper-home.html"), "text/html",
                                 url, nullptr, kNow);
    EXPECT_FALSE(items.is_article) << url;
    EXPECT_GE(items.follow.size(), 37u) << url;
    for (const FeedItem& item : items.items) EXPECT_NE(item.url, url);  // the page is not stored
  }
}

TEST(ListingPages, BlogFrontWithSeveralFullPostsIsNotAnArticle) {
  // og:type says "article" (a theme's mistake): four full posts say otherwise.
  ExtractedArticle a = extract_fixture("blog-front.html", "https://allotment-diary.test/");
  EXPECT_FALSE(a.is_article);
  EXPECT_EQ(a.page_signals.story_bodies, 4);
  EXPECT_TRUE(contains(a.listing_why, "4 full stories")) << a.listing_why;
  PageItems items = page_items(test_support::pages_fixture("blog-front.html"), "text/html",
                               "https://allotment-diary.test/", nullptr, kNow);
  EXPECT_FALSE(items.is_article);
  EXPECT_EQ(items.follow.size(), 4u);
}

TEST(ListingPages, ArticlePagesStayArticles) {
  for (const char* name : {"jnews-article.html", "substack-post.html", "graph-news.html",
                           "de-artikel.html", "fr-article.html", "ghost-article.html"}) {
    ExtractedArticle a = extract_fixture(name, "https://example.test/2025/06/01/some-story/");
    EXPECT_TRUE(a.is_article) << name << ": " << a.listing_why;
    EXPECT_TRUE(a.listing_why.empty()) << name;
  }
}

// --- Each byline source -----------------------------------------------------

struct SourceCase {
  const char* name;
  std::string head;  // added to <head>
  std::string body;  // put before the story's paragraphs
  const char* url;
  std::string author;
  std::optional<UnixTime> published;
};

// Six paragraphs of a story: enough prose to be an article.
std::string story_paragraphs() {
  std::string paragraphs;
  for (int i = 0; i < 6; ++i)
    paragraphs +=
        "<p>The council met on Tuesday to discuss the harbour, and agreed, after a long debate, "
        "to repair the north pier before the winter storms arrive.</p>";
  return paragraphs;
}

std::string page_with(const SourceCase& c) {
  std::string paragraphs = story_paragraphs();
  return "<html><head><title>Harbour repairs agreed</title>" + c.head +
         "</head><body><div class=\"related\"><h3>More news</h3><p><a href=\"/x\">Other "
         "story</a> <time "
         "datetime=\"2020-01-01T00:00:00Z\">old</time></p></div><article><h1>Harbour "
         "repairs agreed</h1>" +
         c.body + paragraphs +
         "</article><div class=\"comments\"><p>Nice. <time datetime=\"2021-02-02T00:00:00Z\">"
         "later</time></p></div></body></html>";
}

class BylineAndDateSources : public ::testing::TestWithParam<SourceCase> {};

TEST_P(BylineAndDateSources, Found) {
  const SourceCase& c = GetParam();
  ExtractedArticle a = extract_html(page_with(c), c.url);
  EXPECT_EQ(a.author, c.author) << c.name;
  EXPECT_EQ(a.published, c.published) << c.name;
}

constexpr UnixTime k20250301 = 1740787200;  // 2025-03-01T00:00:00Z
constexpr const char* kPlainUrl = "https://example.test/news/harbour-repairs";

std::vector<SourceCase> source_cases() {
  auto ld = [](const std::string& json) {
    return "<script type=\"application/ld+json\">" + json + "</script>";
  };
  return {
      {"json_ld_string",
       ld(R"({"@type":"NewsArticle","author":"Ann Lee","datePublished":"2025-03-01T00:00:00Z"})"),
       "", kPlainUrl, "Ann Lee", k20250301},
      {"json_ld_array",
       ld(R"([{"@type":"WebSite"},{"@type":"Article","author":[{"@type":"Person","name":"Ann Lee"},"Bo Chen"],"datePublished":"2025-03-01"}])"),
       "", kPlainUrl, "Ann Lee, Bo Chen", k20250301},
      {"json_ld_graph_reference",
       ld(R"({"@graph":[{"@type":"BlogPosting","author":{"@id":"#p1"},"datePublished":"2025-03-01T01:00:00+01:00"},{"@type":"Person","@id":"#p1","name":"Ann Lee"}]})"),
       "", kPlainUrl, "Ann Lee", k20250301},
      {"json_ld_author_url_only",
       ld(R"({"@type":"NewsArticle","author":"https://example.test/staff/ann","datePublished":"2025-03-01"})") +
           "<meta name=\"author\" content=\"Ann Lee\">",
       "", kPlainUrl, "Ann Lee", k20250301},
      {"meta_article_published_time",
       "<meta property=\"article:published_time\" content=\"2025-03-01T00:00:00Z\"><meta "
       "name=\"author\" content=\"Ann Lee\">",
       "", kPlainUrl, "Ann Lee", k20250301},
      {"parsely",
       "<meta name=\"parsely-author\" content=\"Ann Lee\"><meta name=\"parsely-pub-date\" "
       "content=\"2025-03-01T00:00:00Z\">",
       "", kPlainUrl, "Ann Lee", k20250301},
      {"sailthru",
       "<meta name=\"sailthru.author\" content=\"Ann Lee\"><meta name=\"sailthru.date\" "
       "content=\"2025-03-01 00:00:00\">",
       "", kPlainUrl, "Ann Lee", k20250301},
      {"dublin_core",
       "<meta name=\"DC.creator\" content=\"Ann Lee\"><meta name=\"DC.date.issued\" "
       "content=\"2025-03-01\"><meta name=\"author\" content=\"Web Desk\">",
       "", kPlainUrl, "Ann Lee", k20250301},
      {"dcterms_space_separated",
       "<meta property=\"dcterms:creator og:x\" content=\"Ann Lee\"><meta name=\"dcterms.created\" "
       "content=\"2025-03-01\">",
       "", kPlainUrl, "Ann Lee", k20250301},
      {"meta_author_once_per_author",
       "<meta name=\"author\" content=\"Ann Lee\"><meta name=\"author\" content=\"Bo "
       "Chen\"><meta name=\"author\" content=\"Ann Lee\">",
       "", kPlainUrl, "Ann Lee, Bo Chen", std::nullopt},
      {"article_author_name_not_url",
       "<meta property=\"article:author\" content=\"https://facebook.com/ann\"><meta "
       "property=\"og:article:author\" content=\"Ann Lee\">",
       "", kPlainUrl, "Ann Lee", std::nullopt},
      {"time_near_title", "",
       "<p class=\"meta\"><time datetime=\"2025-03-01T00:00:00Z\">1 March</time></p>", kPlainUrl,
       "", k20250301},
      {"itemprop", "",
       "<div itemprop=\"author\" itemscope><span itemprop=\"name\">Ann Lee</span></div><meta "
       "itemprop=\"datePublished\" content=\"2025-03-01\">",
       kPlainUrl, "Ann Lee", k20250301},
      {"rel_author", "", "<p>Written by <a rel=\"author\" href=\"/staff/ann\">Ann Lee</a></p>",
       kPlainUrl, "Ann Lee", std::nullopt},
      {"author_page_link", "",
       "<div class=\"post-byline\">By <a href=\"/author/ann-lee/\">Ann Lee</a>, Harbour "
       "Reporter</div>",
       kPlainUrl, "Ann Lee", std::nullopt},
      {"visible_by_line_with_date", "",
       "<p class=\"byline\">By Ann Lee <span>March 1, 2025</span></p>", kPlainUrl, "Ann Lee",
       std::nullopt},
      {"json_ld_main_entity_of_web_page",
       ld(R"({"@type":"WebPage","mainEntity":{"@type":"NewsArticle","author":{"@type":"Person","name":["Ann Lee"]},"datePublished":"2025-03-01"}})"),
       "", kPlainUrl, "Ann Lee", k20250301},
      {"json_ld_handle_named_by_its_profile_link",
       ld(R"({"@type":"BlogPosting","author":{"@type":"Person","name":"annlee42"}})"),
       "<div class=\"post-meta\"><a href=\"https://example.test/u/annlee42/\"><img "
       "src=\"/a.png\"></a> <a href=\"https://example.test/u/annlee42/\">Ann Lee</a></div>",
       kPlainUrl, "Ann Lee", std::nullopt},
      {"visible_by_line_without_class", "", "<p>By <strong>Ann Lee</strong> | March 1, 2025</p>",
       kPlainUrl, "Ann Lee", std::nullopt},
      {"visible_par_line_without_class_french", "",
       "<div><span>Par</span> <a href=\"/equipe/jean-roux\">Jean Roux</a></div>", kPlainUrl,
       "Jean Roux", std::nullopt},
      {"visible_von_line_without_class_german", "",
       "<div class=\"meta\">Von Jana Berg und Uwe Krüger</div>", kPlainUrl,
       "Jana Berg und Uwe Krüger", std::nullopt},
      {"by_sentence_is_no_byline", "", "<p>By Tuesday the council had agreed.</p>", kPlainUrl, "",
       std::nullopt},
      {"by_heading_or_title_is_no_byline", "",
       "<h2>By The Numbers</h2><p><strong>By Design: Harbour Walls</strong></p>", kPlainUrl, "",
       std::nullopt},
      {"byline_updated_tail", "", "<div class=\"byline\">By Ann Lee Updated 6:01 am</div>",
       kPlainUrl, "Ann Lee", std::nullopt},
      {"byline_on_date_tail", "", "<div class=\"byline\">By Ann Lee on March 1, 2025</div>",
       kPlainUrl, "Ann Lee", std::nullopt},
      {"last_updated_is_no_byline", "",
       "<div class=\"article-byline\">Last Updated: March 1, 2025</div>", kPlainUrl, "",
       std::nullopt},
      // Theme markup as printed (no metadata): Newspaper (tagDiv), JNews,
      // Ghost's Casper, WordPress's hCard, a "writer" class.
      {"theme_newspaper", "",
       "<div class=\"td-module-meta-info\"><div class=\"td-post-author-name\"><div "
       "class=\"td-author-by\">By</div> <a href=\"https://example.test/author/ann-lee/\">Ann "
       "Lee</a><div class=\"td-author-line\"> - </div></div><span class=\"td-post-date\"><time "
       "class=\"entry-date\">March 1, 2025</time></span></div>",
       kPlainUrl, "Ann Lee", std::nullopt},
      {"theme_jnews", "",
       "<div class=\"jeg_meta_container\"><div class=\"jeg_meta_author\"><img "
       "class=\"avatar\" src=\"/a.png\"><span class=\"meta_text\">by</span> <a "
       "href=\"https://example.test/author/ann-lee/\">Ann Lee</a></div></div>",
       kPlainUrl, "Ann Lee", std::nullopt},
      {"theme_ghost_casper", "",
       "<div class=\"article-byline\"><section class=\"article-byline-content\"><ul "
       "class=\"author-list\"><li class=\"author-list-item\"><a "
       "href=\"/author/ann/\" class=\"author-avatar\"><img class=\"author-profile-image\" "
       "src=\"/a.png\" alt=\"Ann Lee\"></a></li></ul><div class=\"article-byline-meta\"><h4 "
       "class=\"author-name\"><a href=\"/author/ann/\">Ann Lee</a></h4><div "
       "class=\"byline-meta-content\"><time class=\"byline-meta-date\" "
       "datetime=\"2025-03-01\">1 Mar 2025</time></div></div></section></div>",
       kPlainUrl, "Ann Lee", k20250301},
      {"theme_wordpress_hcard", "",
       "<div class=\"entry-meta\"><span class=\"byline\"> by <span class=\"author vcard\"><a "
       "class=\"url fn n\" href=\"/?author=3\">Ann Lee</a></span></span></div>",
       kPlainUrl, "Ann Lee", std::nullopt},
      {"class_names_writer", "", "<p class=\"story-writer\">Ann Lee</p>", kPlainUrl, "Ann Lee",
       std::nullopt},
      {"url_date", "", "", "https://example.test/2025/03/01/harbour-repairs-agreed/", "",
       k20250301},
      {"url_date_compact", "", "", "https://example.test/news/20250301/harbour-repairs", "",
       k20250301},
  };
}

INSTANTIATE_TEST_SUITE_P(Issue14, BylineAndDateSources, ::testing::ValuesIn(source_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(BylineAndDateSourcesOrder, JsonLdBeatsMetaBeatsMarkup) {
  SourceCase c{"order",
               "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"author\":\"From "
               "Json\",\"datePublished\":\"2025-03-01\"}</script><meta name=\"author\" "
               "content=\"From Meta\"><meta property=\"article:published_time\" "
               "content=\"2024-01-01\">",
               "<p class=\"byline\">By From Markup <time datetime=\"2023-01-01\">x</time></p>",
               "https://example.test/2022/02/02/harbour/",
               "From Json",
               k20250301};
  ExtractedArticle a = extract_html(page_with(c), c.url);
  EXPECT_EQ(a.author, "From Json");
  EXPECT_EQ(a.published, k20250301);
}

// A "follow our writers" box beside the story (role=complementary) and an
// author's note come first in the page; neither is the byline.
TEST(BylineAndDateSourcesOrder, SideBoxesAndAuthorNotesAreNoByline) {
  std::string paragraphs = story_paragraphs();
  std::string page =
      "<html><head><title>Harbour repairs agreed</title></head><body><div "
      "role=\"complementary\"><div id=\"writers\"><div class=\"author-name\">Bo "
      "Chen</div></div></div><article><div class=\"author-note\">A note from the "
      "desk</div><h1>Harbour repairs agreed</h1><p class=\"meta\"><span "
      "class=\"author\">Ann Lee</span></p>" +
      paragraphs + "</article></body></html>";
  EXPECT_EQ(extract_html(page, kPlainUrl).author, "Ann Lee");
}

TEST(BylineAndDateSourcesOrder, NoDateAnywhereButCommentsAndRelatedIsNoDate) {
  SourceCase c{"none", "", "", kPlainUrl, "", std::nullopt};
  ExtractedArticle a = extract_html(page_with(c), c.url);
  EXPECT_EQ(a.published, std::nullopt);
}

TEST(DocumentTitle, SiteNameCutWhenTheRestIsAHeadline) {
  auto title_of = [](const std::string& title) {
    return extract_html("<html><head><title>" + title +
                            "</title></head><body><p>Short page.</p></body></html>",
                        kPlainUrl)
        .title;
  };
  EXPECT_EQ(title_of("Council agrees to repair the north pier - Harbour Ledger"),
            "Council agrees to repair the north pier");
  EXPECT_EQ(title_of("New Zealand - Wikipedia"), "New Zealand - Wikipedia");  // too short to cut
  EXPECT_EQ(title_of("Harbour Ledger: Council agrees to repair the north pier"),
            "Council agrees to repair the north pier");
}

}  // namespace
}  // namespace gazette

namespace gazette {
namespace {

TEST(ArticleStructure, TablesAndListsKeptAsHtmlAndReadableText) {
  std::string prose;
  for (int i = 0; i < 3; ++i)
    prose +=
        "<p>The council met on Tuesday to discuss the harbour, and agreed, after a long debate, "
        "to repair the north pier before the winter storms arrive.</p>";
  ExtractedArticle a = extract_html(
      "<html><head><title>Vote on the harbour</title><meta property=\"og:type\" "
      "content=\"article\"><meta property=\"og:image\" "
      "content=\"/lead.jpg\"></head><body><article>" +
          prose +
          "<table><caption>Votes</caption><tr><th>Party</th><th>Votes</th></tr><tr><td>Green</td>"
          "<td>12</td></tr><tr><td>Blue</td><td>9</td></tr></table><ul><li>Repair the pier</li>"
          "<li>Dredge the channel<ul><li>north side first</li></ul></li></ul><ol><li>Tender</li>"
          "<li>Build</li></ol>" +
          prose + "</article></body></html>",
      "https://example.test/news/harbour-vote");
  EXPECT_TRUE(contains(a.content_html, "<td>Green</td><td>12</td>")) << a.content_html;
  EXPECT_TRUE(contains(a.content_html, "<ol><li>Tender</li><li>Build</li></ol>")) << a.content_html;
  EXPECT_TRUE(contains(a.content_text, "\n\nVotes\n\nParty | Votes\nGreen | 12\nBlue | 9\n\n"))
      << a.content_text;
  EXPECT_TRUE(contains(a.content_text,
                       "\n\n- Repair the pier\n- Dredge the channel\n  - north side first\n\n"))
      << a.content_text;
  EXPECT_TRUE(contains(a.content_text, "\n\n- Tender\n- Build\n\n")) << a.content_text;
  // No picture in the body: the lead image is the page's og:image.
  EXPECT_EQ(a.image_url, "https://example.test/lead.jpg");
}

}  // namespace
}  // namespace gazette

namespace gazette {
namespace {

TEST(ArticleStructure, NextPageOfAStoryAndAmp) {
  std::string prose;
  for (int i = 0; i < 4; ++i)
    prose +=
        "<p>The council met on Tuesday to discuss the harbour, and agreed, after a long debate, "
        "to repair the north pier before the winter storms arrive.</p>";
  auto page = [&](const std::string& head, const std::string& html_attr) {
    return "<html" + html_attr + "><head><title>Harbour repairs agreed</title>" + head +
           "<meta property=\"og:type\" content=\"article\"></head><body><article>" + prose +
           "</article></body></html>";
  };
  const std::string url = "https://example.test/news/harbour-repairs";
  ExtractedArticle a =
      extract_html(page("<link rel=\"next\" href=\"/news/harbour-repairs?page=2\">", ""), url);
  EXPECT_EQ(a.next_page_url, "https://example.test/news/harbour-repairs?page=2");
  EXPECT_FALSE(a.amp);
  // Another site's "next page" is not this story's.
  a = extract_html(page("<link rel=\"next\" href=\"https://other.test/page2\">", ""), url);
  EXPECT_EQ(a.next_page_url, "");
  // An AMP copy on the same site: the story's URL is the canonical one.
  a = extract_html(page("<link rel=\"canonical\" href=\"/news/harbour-repairs\">", " amp"),
                   "https://example.test/amp/news/harbour-repairs");
  EXPECT_TRUE(a.amp);
  EXPECT_EQ(a.canonical_url, url);
  // A listing's rel=next is more headlines, not more of a story.
  PageDocument home = load_page("blog-front.html", "https://allotment-diary.test/");
  EXPECT_EQ(extract_article(home.dom, home.url, home.base_url).next_page_url, "");
}

}  // namespace
}  // namespace gazette

namespace gazette {
namespace {

TEST(ListingPages, ProseWithTeasersAroundItStaysAnArticle) {
  // No metadata, no <article>: a long text and six teaser cards below it.
  std::string html = "<html><head><title>Harbour repairs agreed</title></head><body><div>";
  for (int i = 0; i < 14; ++i)  // about 2,000 characters
    html +=
        "<p>The council met on Tuesday to discuss the harbour, and agreed, after a long debate, "
        "to repair the north pier before the winter storms arrive.</p>";
  html += "</div><div class=\"more\">";
  for (int i = 0; i < 6; ++i)
    html += "<div><h3><a href=\"/news/story-number-" + std::to_string(i) +
            "\">Another story from the valley</a></h3><p>A teaser of a sentence or two about "
            "that other story, long enough to read as one.</p></div>";
  html += "</div></body></html>";
  ExtractedArticle a = extract_html(html, "https://example.test/news/harbour-repairs");
  EXPECT_TRUE(a.is_article) << a.listing_why;
  EXPECT_EQ(to_string(a.is_article_why), "prose");
  EXPECT_TRUE(a.page_signals.dominant_prose);
  EXPECT_EQ(a.page_signals.teasers, 6);
}

}  // namespace
}  // namespace gazette

namespace gazette {
namespace {

TEST(StoryPages, NextPageAppendedAndFingerprintComputedAgain) {
  std::string next;
  std::string prose =
      "<p>The council met on Tuesday to discuss the harbour, and agreed, after a long debate, to "
      "repair the north pier before the winter storms arrive.</p>";
  auto page = [&](const std::string& text, const std::string& link) {
    return "<html><head><title>Harbour repairs agreed</title><meta property=\"og:type\" "
           "content=\"article\">" +
           link + "</head><body><article><p>" + text + "</p>" + prose + prose +
           "</article></body></html>";
  };
  std::optional<FeedItem> story =
      article_item(page("Page one.", "<link rel=\"next\" href=\"/harbour/2\">"), "text/html",
                   "https://example.test/harbour", kNow, &next);
  ASSERT_TRUE(story);
  EXPECT_EQ(next, "https://example.test/harbour/2");
  std::optional<FeedItem> second = article_item(page("Page two.", ""), "text/html",
                                                "https://example.test/harbour/2", kNow, &next);
  ASSERT_TRUE(second);
  EXPECT_EQ(next, "");
  std::string before = story->content_hash;
  append_story_page(*story, *second);
  EXPECT_TRUE(story->content_text.starts_with("Page one.")) << story->content_text;
  EXPECT_TRUE(contains(story->content_text, "\n\nPage two.\n\n")) << story->content_text;
  EXPECT_TRUE(contains(story->content_html, "Page two.")) << story->content_html;
  EXPECT_NE(story->content_hash, before);
  EXPECT_EQ(story->url, "https://example.test/harbour");
}

// A [[page]] source that is itself a story split over pages: page_items says
// where it goes on (the poller joins it), and that page is not also followed
// as a story of its own; a listing's rel=next is neither.
TEST(StoryPages, PageSourceThatIsAStoryGivesItsNextPage) {
  std::string prose =
      "<p>The council met on Tuesday to discuss the harbour, and agreed, after a long debate, to "
      "repair the north pier before the winter storms arrive.</p>";
  std::string page =
      "<html><head><title>Harbour repairs agreed</title><meta property='og:type' "
      "content='article'><link rel='next' href='/harbour/2'></head><body><article><h1>"
      "Harbour repairs agreed</h1>" +
      prose + prose + prose +
      "<p class='pages'><a href='/harbour/2'>Next page: harbour repairs, part two</a></p>"
      "</article><ul class='related'><li><a href='/news/ferry-timetable-changes'>Ferry "
      "timetable changes for the winter season</a></li><li><a "
      "href='/news/new-lighthouse-keeper'>A new keeper for the old lighthouse on the "
      "point</a></li></ul></body></html>";
  PageItems found = page_items(page, "text/html", "https://example.test/harbour", nullptr, kNow);
  ASSERT_TRUE(found.is_article);
  EXPECT_EQ(found.next_page_url, "https://example.test/harbour/2");
  EXPECT_EQ(found.items.front().url, "https://example.test/harbour");
  EXPECT_FALSE(found.follow.empty());
  for (const std::string& link : found.follow)
    EXPECT_NE(link, "https://example.test/harbour/2") << "the next page is joined, not followed";

  std::string listing =
      "<html><head><title>Harbour news</title><link rel='next' href='/news/page/2'></head>"
      "<body><ul>";
  for (int i = 0; i < 12; ++i)
    listing += "<li><a href='/news/story-" + std::to_string(i) +
               "'>The harbour council agrees on repairs, part " + std::to_string(i) + "</a></li>";
  listing += "</ul></body></html>";
  EXPECT_EQ(
      page_items(listing, "text/html", "https://example.test/news/", nullptr, kNow).next_page_url,
      "");
}

}  // namespace
}  // namespace gazette
