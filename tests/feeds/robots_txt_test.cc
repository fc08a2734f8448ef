#include "feeds/robots_txt.h"

#include <gtest/gtest.h>

namespace gazette {
namespace {

TEST(RobotsTxt, EveryoneGroupAppliesWhenWeAreNotNamed) {
  RobotsRules r = parse_robots_txt("User-agent: *\nDisallow: /private/\n", "Gazette");
  EXPECT_TRUE(r.allowed("/2025/11/story/"));
  EXPECT_FALSE(r.allowed("/private/x"));
}

TEST(RobotsTxt, OurOwnGroupReplacesTheGeneralOne) {
  RobotsRules r = parse_robots_txt(
      "User-agent: *\nDisallow: /\n\nUser-agent: gazette\nUser-agent: other\nDisallow: /admin\n",
      "Gazette");
  EXPECT_TRUE(r.allowed("/news/"));
  EXPECT_FALSE(r.allowed("/admin/login"));
}

TEST(RobotsTxt, LongestMatchWinsAndAllowWinsTies) {
  RobotsRules r = parse_robots_txt(
      "User-agent: *\nDisallow: /news/\nAllow: /news/public/\nDisallow: /x\nAllow: /x\n",
      "Gazette");
  EXPECT_FALSE(r.allowed("/news/secret"));
  EXPECT_TRUE(r.allowed("/news/public/story"));
  EXPECT_TRUE(r.allowed("/x"));
}

TEST(RobotsTxt, WildcardsAndEndAnchor) {
  RobotsRules r = parse_robots_txt(
      "User-agent: *\r\nDisallow: /*.pdf$\r\nDisallow: /*?replytocom=\r\n# comment\r\n", "Gazette");
  EXPECT_FALSE(r.allowed("/files/report.pdf"));
  EXPECT_TRUE(r.allowed("/files/report.pdf?download=1"));
  EXPECT_FALSE(r.allowed("/story/?replytocom=12"));
  EXPECT_TRUE(r.allowed("/story/"));
}

TEST(RobotsTxt, EmptyDisallowAndDefaults) {
  EXPECT_TRUE(parse_robots_txt("User-agent: *\nDisallow:\n", "Gazette").allowed("/a"));
  EXPECT_TRUE(parse_robots_txt("", "Gazette").allowed("/a"));
  EXPECT_TRUE(RobotsRules::allow_all().allowed("/a"));
  EXPECT_FALSE(RobotsRules::disallow_all().allowed("/a"));
}

}  // namespace
}  // namespace gazette
