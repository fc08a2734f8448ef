// The scheduler's start-up spreading (poll/scheduler.h), without a clock or a timer.
#include "poll/scheduler.h"

#include <gtest/gtest.h>

#include <set>

namespace gazette {
namespace {

TEST(StartupSlot, FewSourcesOneSecondApart) {
  EXPECT_EQ(startup_slot(0, 3, 1000), 1000);
  EXPECT_EQ(startup_slot(1, 3, 1000), 1001);
  EXPECT_EQ(startup_slot(2, 3, 1000), 1002);
}

TEST(StartupSlot, ManySourcesSpreadOverAMinuteInOrder) {
  UnixTime previous = 5000;
  std::set<UnixTime> seconds;
  for (std::size_t i = 0; i < 600; ++i) {
    UnixTime slot = startup_slot(i, 600, 5000);
    EXPECT_GE(slot, previous);
    EXPECT_LT(slot, 5000 + 60);
    previous = slot;
    seconds.insert(slot);
  }
  EXPECT_EQ(seconds.size(), 60u);  // every second of the minute gets some
}

}  // namespace
}  // namespace gazette
