#include "http/http_url.h"

#include <gtest/gtest.h>

namespace gazette {
namespace {

TEST(HttpTarget, SplitsAnHttpsUrl) {
  auto t = parse_http_target("HTTPS://News.Example/feed/rss.xml?page=2#top");
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->tls);
  EXPECT_EQ(t->host, "news.example");
  EXPECT_EQ(t->port, "443");
  EXPECT_EQ(t->host_header, "News.Example");
  EXPECT_EQ(t->path, "/feed/rss.xml?page=2");
  EXPECT_EQ(t->pool_key, "https://news.example:443");
}

TEST(HttpTarget, KeepsAnExplicitPortAndDefaultsThePath) {
  auto t = parse_http_target("http://127.0.0.1:8080");
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->tls);
  EXPECT_EQ(t->host, "127.0.0.1");
  EXPECT_EQ(t->port, "8080");
  EXPECT_EQ(t->host_header, "127.0.0.1:8080");
  EXPECT_EQ(t->path, "/");
  EXPECT_EQ(t->pool_key, "http://127.0.0.1:8080");
}

TEST(HttpTarget, Ipv6HostHasNoBracketsButTheHostHeaderDoes) {
  auto t = parse_http_target("http://[::1]:81/x");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->host, "::1");
  EXPECT_EQ(t->host_header, "[::1]:81");
}

TEST(HttpTarget, RejectsWhatIsNotAnAbsoluteHttpUrl) {
  EXPECT_FALSE(parse_http_target("ftp://example.com/feed"));
  EXPECT_FALSE(parse_http_target("/relative/path"));
  EXPECT_FALSE(parse_http_target("http:///no-host"));
  EXPECT_FALSE(parse_http_target("not a url"));
  EXPECT_FALSE(parse_http_target(""));
}

TEST(ResolveRedirect, ResolvesRelativeAndAbsoluteLocations) {
  EXPECT_EQ(resolve_redirect("http://a.example/x/y?q=1", "/feed/"), "http://a.example/feed/");
  EXPECT_EQ(resolve_redirect("http://a.example/x/y", "z"), "http://a.example/x/z");
  EXPECT_EQ(resolve_redirect("http://a.example/x/y", "../up"), "http://a.example/up");
  EXPECT_EQ(resolve_redirect("http://a.example/x", "//b.example/p"), "http://b.example/p");
  EXPECT_EQ(resolve_redirect("http://a.example/x", "https://c.example/f#frag"),
            "https://c.example/f");
}

TEST(ResolveRedirect, EmptyWhenUnparseable) {
  EXPECT_EQ(resolve_redirect("not a url", "/x"), "");
  EXPECT_EQ(resolve_redirect("http://a.example/", "http://bad host/"), "");
}

}  // namespace
}  // namespace gazette
