// trim and join, the text helpers every layer shares (base/text.h).
#include "base/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gazette {
namespace {

TEST(Trim, DropsAsciiWhiteSpaceAtBothEnds) {
  EXPECT_EQ(trim("  a b\t\r\n"), "a b");
  EXPECT_EQ(trim("\v\fx\f\v"), "x");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" \t\n "), "");
  EXPECT_EQ(trim("inner  space"), "inner  space");
}

TEST(Trim, KeepsNonAsciiBytes) {
  // U+00A0 (C2 A0) is not ASCII white space: a helper that read bytes as
  // signed chars or used a locale would eat the A0.
  EXPECT_EQ(trim("\xC2\xA0x\xC2\xA0"), "\xC2\xA0x\xC2\xA0");
  EXPECT_EQ(trim(" \xE2\x80\x83 "), "\xE2\x80\x83");
}

TEST(Split, NonEmptyPiecesBetweenSeparators) {
  EXPECT_EQ(split("a,b", ','), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(split("a,,b,", ','), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(split(",", ','), std::vector<std::string>{});
  EXPECT_EQ(split("", ','), std::vector<std::string>{});
  EXPECT_EQ(split(" x ", ','), std::vector<std::string>{" x "});  // no trimming
}

TEST(Join, PutsTheSeparatorBetweenParts) {
  EXPECT_EQ(join({"a", "b", "c"}, ","), "a,b,c");
  EXPECT_EQ(join({"one"}, ", "), "one");
  EXPECT_EQ(join({}, ","), "");
  // Empty parts are kept: the caller decides what an empty part means.
  EXPECT_EQ(join({"a", "", "b"}, ","), "a,,b");
}

TEST(AsciiLower, LowersAsciiLettersOnly) {
  EXPECT_EQ(ascii_lower("Proxy.EXAMPLE:3128"), "proxy.example:3128");
  EXPECT_EQ(ascii_lower("\xC3\x89t\xC3\xA9"), "\xC3\x89t\xC3\xA9");  // "Été": UTF-8 untouched
}

}  // namespace
}  // namespace gazette
