#include "config/source_set_diff.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gazette {
namespace {

using Strings = std::vector<std::string>;

Config parse(const std::string& text) { return parse_config(text, "/etc/gazette/gazette.toml"); }

TEST(SourceSetDiff, SameConfigIsEmpty) {
  Config a = parse("[[feed]]\nurl = \"http://a.example/feed\"\ntags = [\"x\"]\n");
  EXPECT_TRUE(diff_sources(a, a).empty());
  EXPECT_TRUE(settings_needing_restart(a, a).empty());
}

TEST(SourceSetDiff, AddedAndRemovedByUrl) {
  Config before = parse(
      "[[feed]]\nurl = \"http://a.example/feed\"\n"
      "[[feed]]\nurl = \"http://b.example/feed\"\n");
  Config after = parse(
      "[[feed]]\nurl = \"http://b.example/feed\"\n"
      "[[page]]\nurl = \"http://c.example/news\"\n");
  SourceSetDiff diff = diff_sources(before, after);
  EXPECT_EQ(diff.added, Strings{"http://c.example/news"});
  EXPECT_EQ(diff.removed, Strings{"http://a.example/feed"});
  EXPECT_TRUE(diff.changed.empty());
}

TEST(SourceSetDiff, UrlsCompareInCanonicalForm) {
  // The config stores URLs canonical: a respelling is the same source.
  Config before = parse("[[feed]]\nurl = \"http://a.example/feed\"\n");
  Config after = parse("[[feed]]\nurl = \"HTTP://A.example:80/feed\"\n");
  EXPECT_TRUE(diff_sources(before, after).empty());
}

TEST(SourceSetDiff, ChangedFieldsAreNamed) {
  Config before = parse(
      "[[feed]]\nurl = \"http://a.example/feed\"\ninterval = \"10m\"\ntags = [\"x\"]\n"
      "[[page]]\nurl = \"http://b.example/news\"\n");
  Config after = parse(
      "[[feed]]\nurl = \"http://a.example/feed\"\ninterval = \"20m\"\ntags = [\"y\"]\n"
      "title = \"A\"\nfetch_full = true\n"
      "[[page]]\nurl = \"http://b.example/news\"\n"
      "[page.rules]\nitem = \"//article\"\nlink = \".//a\"\n");
  SourceSetDiff diff = diff_sources(before, after);
  EXPECT_TRUE(diff.added.empty());
  EXPECT_TRUE(diff.removed.empty());
  ASSERT_EQ(diff.changed.size(), 2u);
  EXPECT_EQ(diff.changed[0].url, "http://a.example/feed");
  EXPECT_EQ(diff.changed[0].fields, (Strings{"interval", "tags", "title", "fetch_full"}));
  EXPECT_EQ(diff.changed[1].url, "http://b.example/news");
  EXPECT_EQ(diff.changed[1].fields, Strings{"rules"});
}

TEST(SourceSetDiff, KindChange) {
  Config before = parse("[[feed]]\nurl = \"http://a.example/x\"\n");
  Config after = parse("[[page]]\nurl = \"http://a.example/x\"\n");
  SourceSetDiff diff = diff_sources(before, after);
  ASSERT_EQ(diff.changed.size(), 1u);
  EXPECT_EQ(diff.changed[0].fields, Strings{"kind"});
}

TEST(SourceSetDiff, DefaultIntervalChangesSourcesWithoutTheirOwn) {
  Config before = parse(
      "[daemon]\ndefault_interval = \"30m\"\n"
      "[[feed]]\nurl = \"http://a.example/feed\"\n"
      "[[feed]]\nurl = \"http://b.example/feed\"\ninterval = \"5m\"\n");
  Config after = parse(
      "[daemon]\ndefault_interval = \"1h\"\n"
      "[[feed]]\nurl = \"http://a.example/feed\"\n"
      "[[feed]]\nurl = \"http://b.example/feed\"\ninterval = \"5m\"\n");
  SourceSetDiff diff = diff_sources(before, after);
  ASSERT_EQ(diff.changed.size(), 1u);
  EXPECT_EQ(diff.changed[0].url, "http://a.example/feed");
  EXPECT_EQ(diff.changed[0].fields, Strings{"interval"});
  EXPECT_TRUE(settings_needing_restart(before, after).empty());
}

TEST(SourceSetDiff, SettingsNeedingRestartAreNamedAndKept) {
  Config before = parse("[daemon]\ndatabase = \"/var/lib/a.db\"\n[fetch]\nmax_follow = 5\n");
  Config after = parse(
      "[daemon]\ndatabase = \"/var/lib/b.db\"\nuser_agent = \"X/1\"\n"
      "[fetch]\nmax_connections = 3\nrobots_txt = false\nmax_follow = 9\n"
      "allow_private = [\"10.0.0.0/8\"]\n");
  EXPECT_EQ(settings_needing_restart(before, after),
            (Strings{"daemon.database", "daemon.user_agent", "fetch.max_connections",
                     "fetch.robots_txt", "fetch.allow_private"}));
  Config applied = with_restart_settings_of(before, after);
  EXPECT_EQ(applied.database, before.database);
  EXPECT_EQ(applied.fetch.max_connections, before.fetch.max_connections);
  EXPECT_EQ(applied.fetch.robots_txt, before.fetch.robots_txt);
  EXPECT_TRUE(applied.fetch.allow_private.empty());
  EXPECT_EQ(applied.fetch.max_follow, 9);  // read on each poll: applied at once
  EXPECT_TRUE(settings_needing_restart(before, applied).empty());
}

}  // namespace
}  // namespace gazette
