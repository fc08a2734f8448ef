// The clock the daemon reads the time from (base/clock.h).
#include "base/clock.h"

#include <gtest/gtest.h>

#include <chrono>

namespace gazette {
namespace {

TEST(SystemClock, IsTheWallClockInSeconds) {
  using namespace std::chrono;
  std::int64_t before = duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
  std::int64_t now = gazette::system_clock().unix_now();
  std::int64_t after = duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
  EXPECT_LE(before, unix_now());
}

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock clock(1'000);
  const Clock& as_clock = clock;
  EXPECT_EQ(as_clock.unix_now(), 1'000);
  clock.advance(3'600);
  EXPECT_EQ(as_clock.unix_now(), 4'600);
  clock.set(10);
  EXPECT_EQ(as_clock.unix_now(), 10);
}

}  // namespace
}  // namespace gazette
