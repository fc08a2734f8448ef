#include "poll/body_fingerprint.h"

#include <gtest/gtest.h>

#include <string>

#include "poll/poll_steps.h"

namespace gazette {
namespace {

ParseSettingsForHash feed_settings() {
  return {"feed", "https://example.org/feed.xml", "application/rss+xml"};
}

TEST(BodyFingerprint, SameBodyAndSettingsSameHash) {
  std::string a = body_fingerprint("<rss/>", feed_settings());
  EXPECT_EQ(a.size(), 64u);  // hex SHA-256
  EXPECT_EQ(a, body_fingerprint(std::string("<rss/>"), feed_settings()));
  EXPECT_NE(a, body_fingerprint("<rss/> ", feed_settings())) << "byte-identical only";
}

TEST(BodyFingerprint, ASettingThatShapesTheParseChangesIt) {
  const std::string body = "<html><body><a href='/a'>A</a></body></html>";
  ParseSettingsForHash base{"page", "https://example.org/", "text/html"};
  std::string plain = body_fingerprint(body, base);

  PageRules rules;
  rules.item = "//a";
  ParseSettingsForHash with_rules = base;
  with_rules.rules = &rules;
  std::string ruled = body_fingerprint(body, with_rules);
  EXPECT_NE(plain, ruled);
  rules.title = ".";
  EXPECT_NE(ruled, body_fingerprint(body, with_rules)) << "any rule counts";

  ParseSettingsForHash other = base;
  other.url = "https://example.org/other/";  // another base for relative links
  EXPECT_NE(plain, body_fingerprint(body, other));
  other = base;
  other.content_type = "text/html; charset=windows-1252";
  EXPECT_NE(plain, body_fingerprint(body, other));
  other = base;
  other.kind = "feed";
  EXPECT_NE(plain, body_fingerprint(body, other));
  other = base;
  other.fetch_full = true;
  EXPECT_NE(plain, body_fingerprint(body, other));
  other = base;
  other.max_follow = 30;
  EXPECT_NE(plain, body_fingerprint(body, other));
}

TEST(BodyFingerprint, FieldBoundariesCannotCollide) {
  ParseSettingsForHash a{"feed", "https://example.org/a", "text/xml"};
  ParseSettingsForHash b{"feed", "https://example.org/", "atext/xml"};
  EXPECT_NE(body_fingerprint("x", a), body_fingerprint("x", b));
}

// The parse step reads what a feed says about its own pace: RSS <ttl> and
// the RSS 1.0 Syndication module, in RSS 2.0 and RSS 1.0 (RDF).
TEST(ParseStepPublisherInterval, TtlAndSyndicationModule) {
  ParseInput in;
  in.kind = SourceKind::feed;
  in.content_type = "application/rss+xml";
  in.url = "https://example.org/feed.xml";
  in.now = 1'761'955'200;
  in.body = R"(<?xml version="1.0"?>
<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>
<title>T</title><link>https://example.org/</link><ttl>90</ttl>
<sy:updatePeriod> hourly </sy:updatePeriod><sy:updateFrequency>1</sy:updateFrequency>
<item><title>A</title><link>https://example.org/a</link></item></channel></rss>)";
  ParsedSource parsed = parse_source(in);
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.publisher_interval, 90 * 60) << "the longer of ttl (90m) and sy (1h)";

  in.body = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:syn="http://purl.org/rss/1.0/modules/syndication/">
<channel rdf:about="https://example.org/"><title>T</title><link>https://example.org/</link>
<syn:updatePeriod>daily</syn:updatePeriod><syn:updateFrequency>4</syn:updateFrequency>
<syn:updateBase>2000-01-01T12:00+00:00</syn:updateBase></channel>
<item rdf:about="https://example.org/a"><title>A</title><link>https://example.org/a</link></item>
</rdf:RDF>)";
  parsed = parse_source(in);
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.publisher_interval, 6 * 3600);

  in.body = R"(<rss version="2.0"><channel><title>T</title><ttl>-5</ttl>
<item><title>A</title><link>https://example.org/a</link></item></channel></rss>)";
  parsed = parse_source(in);
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.publisher_interval, std::nullopt);
}

}  // namespace
}  // namespace gazette
