#include "feeds/url_normalize.h"

#include <gtest/gtest.h>

namespace gazette {
namespace {

TEST(UrlNormalizeTest, CaseDefaultPortFragmentAndTrailingSlash) {
  EXPECT_EQ(normalize_url("HTTPS://News.Example.COM:443/2025/11/01/story/#comments"),
            "https://news.example.com/2025/11/01/story");
  EXPECT_EQ(normalize_url("https://example.com"), "https://example.com/");
  EXPECT_EQ(normalize_url("https://example.com/?"), "https://example.com/");
  EXPECT_EQ(normalize_url("https://example.com:8080/a/"), "https://example.com:8080/a");
  // One story whichever scheme or www spelling linked it.
  EXPECT_EQ(normalize_url("http://www.example.com/a"), normalize_url("https://example.com/a/"));
}

TEST(UrlNormalizeTest, TrackingParametersDroppedOthersKept) {
  EXPECT_EQ(normalize_url("https://example.com/a?utm_source=x&UTM_Medium=y&id=7&fbclid=abc"
                          "&gclid=1&mc_cid=2&mc_eid=3&ref=rss"),
            "https://example.com/a?id=7");
  EXPECT_EQ(normalize_url("https://example.com/?p=4812"), "https://example.com/?p=4812");
  EXPECT_EQ(normalize_url("https://example.com/s?q=a%26b"), "https://example.com/s?q=a%26b");
}

TEST(UrlNormalizeTest, AmpVariantsFold) {
  const std::string plain = normalize_url("https://example.com/2025/story-slug/");
  EXPECT_EQ(normalize_url("https://example.com/2025/story-slug/amp/"), plain);
  EXPECT_EQ(normalize_url("https://example.com/2025/story-slug/?amp=1"), plain);
  EXPECT_EQ(normalize_url("https://amp.example.com/2025/story-slug"), plain);
  EXPECT_EQ(normalize_url("https://example.com/amp/2025/story-slug"), plain);
}

// Issue 14: a page served from an AMP cache is its origin's page.
TEST(UrlNormalizeTest, AmpCacheUrlsGiveTheOriginsUrl) {
  EXPECT_EQ(amp_cache_origin_url(
                "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/2025/story/amp"),
            "https://www.example.com/2025/story/amp");
  EXPECT_EQ(amp_cache_origin_url("https://example-com.cdn.ampproject.org/c/example.com/a?id=7"),
            "http://example.com/a?id=7");
  EXPECT_EQ(amp_cache_origin_url("https://EXAMPLE-com.CDN.AmpProject.org/v/s/example.com/a"),
            "https://example.com/a");
  EXPECT_EQ(amp_cache_origin_url("https://example-com.www.bing-amp.com/c/s/example.com/a"),
            "https://example.com/a");
  // Not a cache, not a page path of one, or no origin host in it.
  EXPECT_EQ(amp_cache_origin_url("https://www.example.com/c/s/other.example/a"), "");
  EXPECT_EQ(amp_cache_origin_url("https://cdn.ampproject.org/c/s/example.com/a"), "");
  EXPECT_EQ(amp_cache_origin_url("https://x.cdn.ampproject.org/i/s/example.com/a.png"), "");
  EXPECT_EQ(amp_cache_origin_url("https://x.cdn.ampproject.org/c/s/"), "");
  EXPECT_EQ(amp_cache_origin_url("https://x.cdn.ampproject.org/c/s//example.com/a"), "");
  EXPECT_EQ(amp_cache_origin_url("https://x.cdn.ampproject.org/c/s/user@example.com/a"), "");
  EXPECT_EQ(amp_cache_origin_url("https://x.cdn.ampproject.org/c/s/javascript:alert(1)"), "");
  EXPECT_EQ(amp_cache_origin_url("not a url"), "");
  // One story: the cache's copy and the publisher's page have one key.
  EXPECT_EQ(normalize_url("https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a/amp"),
            normalize_url("https://www.example.com/a"));
  EXPECT_EQ(normalize_url("https://X.CDN.AMPPROJECT.ORG/c/s/example.com/a?utm_source=x"),
            "https://example.com/a");
  // A cache's copy of a cache's copy is left as it is.
  const std::string nested =
      "https://a.cdn.ampproject.org/c/s/b.cdn.ampproject.org/c/s/example.com/a";
  EXPECT_EQ(normalize_url(nested), nested);
}

TEST(UrlNormalizeTest, NonHttpLeftAlone) {
  EXPECT_EQ(normalize_url("  mailto:desk@example.com "), "mailto:desk@example.com");
  EXPECT_EQ(normalize_url("/relative/path"), "/relative/path");
}

TEST(UrlNormalizeTest, ResolvesReferences) {
  EXPECT_EQ(resolve_url("https://example.com/a/b/page.html", "../c"), "https://example.com/a/c");
  EXPECT_EQ(resolve_url("https://example.com/a/", "https://other.test/x"), "https://other.test/x");
  // Raw UTF-8 and spaces in an href are percent-encoded as browsers do.
  EXPECT_EQ(resolve_url("http://blog.test/", "/soupe à l'oignon.html"),
            "http://blog.test/soupe%20%C3%A0%20l'oignon.html");
}

TEST(ResolveUrl, KeepsThePublishedPercentEncoding) {
  // %26, %21, %2F in a path are not & ! /: to some servers they name another
  // resource. Only normalize_url (the dedup key) may decode them.
  EXPECT_EQ(resolve_url("https://example.org/feed", "/news/rock%26roll%21?q=a%26b"),
            "https://example.org/news/rock%26roll%21?q=a%26b");
  EXPECT_EQ(resolve_url("https://example.org/a%2Fb/feed", "x%2Fy/../z%26"),
            "https://example.org/a%2Fb/z%26");
  EXPECT_EQ(resolve_url("https://example.org/dir/", "100%25%20sure"),
            "https://example.org/dir/100%25%20sure");
  EXPECT_EQ(resolve_url("https://example.org/d%C3%A9j%C3%A0/", "caf\xc3\xa9"),
            "https://example.org/d%C3%A9j%C3%A0/caf%C3%A9");
  EXPECT_EQ(resolve_url("https://example.org/dir/page", "?page=2%262"),
            "https://example.org/dir/page?page=2%262");
}

TEST(UrlNormalizeTest, ResolvingKeepsThePublishersPercentEncoding) {
  // %26 and %21 name another resource than "&" and "!" to some servers.
  EXPECT_EQ(resolve_url("https://a.example/feed/", "/news/a%26b%21c"),
            "https://a.example/news/a%26b%21c");
  EXPECT_EQ(resolve_url("https://a.example/feed/", "x%26y?q=%26"),
            "https://a.example/feed/x%26y?q=%26");
  EXPECT_EQ(resolve_url("https://a.example/a/b/c", "../d%2Fe/./f%21"),
            "https://a.example/a/d%2Fe/f%21");
  EXPECT_EQ(resolve_url("https://a.example/a%26b/", "?page=2"), "https://a.example/a%26b/?page=2");
  EXPECT_EQ(resolve_url("https://a.example/feed/", "//b.example/x%21"), "https://b.example/x%21");
  EXPECT_EQ(resolve_url("https://a.example", "p%41"), "https://a.example/p%41");
  EXPECT_EQ(resolve_url("https://a.example/", "https://b.example/a%26b"),
            "https://b.example/a%26b");
  // Dedup keys are another matter: normalize_url still folds spellings.
  EXPECT_EQ(resolve_url("https://a.example/a/b/", "../../../x"), "https://a.example/x");
}

TEST(UrlNormalize, DecodesOnlyNonAsciiEscapes) {
  // The IRI of what resolve_url escaped; escaped ASCII (a delimiter, maybe) stays.
  EXPECT_EQ(decode_non_ascii_escapes(resolve_url("http://a.example/", "caf\xC3\xA9?q=a%26b")),
            "http://a.example/caf\xC3\xA9?q=a%26b");
  EXPECT_EQ(decode_non_ascii_escapes("%e9%2F%4"), "\xE9%2F%4");  // lower case hex, cut escape
  EXPECT_TRUE(has_non_ascii_escape("/x%C3%A9"));
  EXPECT_FALSE(has_non_ascii_escape("/x%26%7E%"));
}

}  // namespace
}  // namespace gazette
