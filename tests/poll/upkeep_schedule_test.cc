// When the daemon's daily retention and upkeep run (poll/upkeep_schedule.h),
// by a ManualClock: no test sleeps.
#include "poll/upkeep_schedule.h"

#include <gtest/gtest.h>

#include "base/clock.h"

namespace gazette {
namespace {

TEST(UpkeepDue, FirstRunAfterTheStartDelayThenDaily) {
  ManualClock clock(1'750'000'000);
  UpkeepDue due(clock.unix_now());
  EXPECT_FALSE(due.take(clock.unix_now()));  // not at start-up
  clock.advance(kUpkeepFirstDelaySeconds - 1);
  EXPECT_FALSE(due.take(clock.unix_now()));
  clock.advance(1);
  EXPECT_TRUE(due.take(clock.unix_now()));
  EXPECT_FALSE(due.take(clock.unix_now()));  // once
  clock.advance(kUpkeepPeriodSeconds - 1);
  EXPECT_FALSE(due.take(clock.unix_now()));
  clock.advance(1);
  EXPECT_TRUE(due.take(clock.unix_now()));
}

TEST(UpkeepDue, AMissedDayRunsOnceNotOncePerDayMissed) {
  ManualClock clock(1'750'000'000);
  UpkeepDue due(clock.unix_now());
  clock.advance(kUpkeepFirstDelaySeconds + 5 * kUpkeepPeriodSeconds);  // a suspended machine
  EXPECT_TRUE(due.take(clock.unix_now()));
  EXPECT_FALSE(due.take(clock.unix_now()));
  EXPECT_EQ(due.next(), clock.unix_now() + kUpkeepPeriodSeconds);
}

}  // namespace
}  // namespace gazette
