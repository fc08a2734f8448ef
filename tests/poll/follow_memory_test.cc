// The poller's memory of followed links (poll/follow_memory.h), on a clock
// moved by hand: nothing sleeps.
#include "poll/follow_memory.h"

#include <gtest/gtest.h>

#include <string>

#include "base/clock.h"

namespace gazette {
namespace {

TEST(FollowMemory, RemembersForTheWindowOnly) {
  ManualClock clock(1'000'000);
  FollowMemory memory(clock, 3600);
  EXPECT_FALSE(memory.recent("https://example.org/a"));
  memory.remember("https://example.org/a");
  EXPECT_TRUE(memory.recent("https://example.org/a"));
  clock.advance(3599);
  EXPECT_TRUE(memory.recent("https://example.org/a"));
  clock.advance(1);
  EXPECT_FALSE(memory.recent("https://example.org/a"));
}

TEST(FollowMemory, ForgetsEntriesOlderThanTheWindowSoItStaysBounded) {
  ManualClock clock(0);
  FollowMemory memory(clock, 3600);
  // A month of polls, one new link a minute: only the last hour's stay.
  for (int minute = 0; minute < 30 * 24 * 60; ++minute) {
    memory.remember("https://example.org/story/" + std::to_string(minute));
    clock.advance(60);
  }
  EXPECT_LE(memory.size(), 61u);
  EXPECT_GE(memory.size(), 59u);
  EXPECT_FALSE(memory.recent("https://example.org/story/0"));
  EXPECT_TRUE(memory.recent("https://example.org/story/" + std::to_string(30 * 24 * 60 - 1)));
}

TEST(FollowMemory, ARememberedAgainLinkKeepsItsNewTime) {
  ManualClock clock(0);
  FollowMemory memory(clock, 100);
  memory.remember("a");
  clock.advance(90);
  memory.remember("a");  // tried again: the window starts anew
  clock.advance(20);
  memory.remember("b");  // expires the first "a" record, not the second
  EXPECT_TRUE(memory.recent("a"));
  EXPECT_EQ(memory.size(), 2u);
  clock.advance(80);
  memory.remember("c");
  EXPECT_FALSE(memory.recent("a"));
  EXPECT_TRUE(memory.recent("b"));
  EXPECT_EQ(memory.size(), 2u);
}

}  // namespace
}  // namespace gazette
