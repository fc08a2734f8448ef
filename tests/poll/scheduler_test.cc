// The scheduler's decisions (poll/scheduler.h), without a timer: the start-up
// spreading, and its loop's look over the sources (which are due, how many
// run at once, when to look again) driven by a ManualClock, so no test sleeps.
#include "poll/scheduler.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "base/clock.h"
#include "poll/poller.h"

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

SourceRow source(std::int64_t id, std::optional<UnixTime> next_poll) {
  SourceRow row;
  row.id = id;
  row.url = "https://example.org/feed" + std::to_string(id) + ".xml";
  row.interval_seconds = 1800;
  row.next_poll = next_poll;
  return row;
}

std::vector<std::int64_t> ids(const PollPlan& plan) {
  std::vector<std::int64_t> out;
  for (const SourceRow& s : plan.start) out.push_back(s.id);
  return out;
}

TEST(PlanPolls, StartsDueSourcesAndWakesForTheNextOne) {
  ManualClock clock(1'700'000'000);
  UnixTime now = clock.unix_now();
  PollPlan plan = plan_polls({source(1, now - 5), source(2, std::nullopt), source(3, now + 20),
                              source(4, now + 10), source(5, now)},
                             {}, 10, now);
  EXPECT_EQ(ids(plan), (std::vector<std::int64_t>{1, 2, 5}));  // never polled counts as due
  EXPECT_EQ(plan.next_wake, now + 10);
}

TEST(PlanPolls, NothingDueLooksAgainWithinAMinute) {
  ManualClock clock(1'700'000'000);
  UnixTime now = clock.unix_now();
  PollPlan plan = plan_polls({source(1, now + 3600)}, {}, 10, now);
  EXPECT_TRUE(plan.start.empty());
  EXPECT_EQ(plan.next_wake, now + 60);  // the source list is re-read (sources added meanwhile)
  EXPECT_EQ(plan_polls({}, {}, 10, now).next_wake, now + 60);
}

TEST(PlanPolls, SourcesInFlightAreNotStartedAgain) {
  UnixTime now = 1'700'000'000;
  PollPlan plan = plan_polls({source(1, now - 1), source(2, now - 1)}, {1}, 10, now);
  EXPECT_EQ(ids(plan), (std::vector<std::int64_t>{2}));
}

TEST(PlanPolls, AtMostMaxInFlightRunAndTheRestAreLookedAtSoon) {
  UnixTime now = 1'700'000'000;
  std::vector<SourceRow> due;
  for (std::int64_t id = 1; id <= 5; ++id) due.push_back(source(id, now - 1));
  PollPlan plan = plan_polls(due, {9}, 3, now);  // one already runs
  EXPECT_EQ(ids(plan), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(plan.next_wake, now + 1);
  // Full without anything due: still a look a second later (a slot frees up).
  PollPlan full = plan_polls({source(1, now + 600)}, {7, 8, 9}, 3, now);
  EXPECT_TRUE(full.start.empty());
  EXPECT_EQ(full.next_wake, now + 1);
}

TEST(PlanPolls, AFailingSourceIsPolledAgainOnlyAfterItsBackOff) {
  // The loop as the daemon runs it, the clock moved by hand: poll, fail, the
  // next poll from next_poll_time, look again when the plan says.
  ManualClock clock(1'700'000'000);
  SourceRow row = source(1, std::nullopt);
  std::vector<UnixTime> waits;
  for (int failure = 1; failure <= 4; ++failure) {
    PollPlan plan = plan_polls({row}, {}, 4, clock.unix_now());
    ASSERT_EQ(ids(plan), (std::vector<std::int64_t>{1})) << failure;
    row.error_count = failure;
    row.next_poll = next_poll_time(row, true, failure, "", clock.unix_now());
    waits.push_back(*row.next_poll - clock.unix_now());
    // Not due a second before its time: the loop sleeps until then (or a minute).
    clock.set(*row.next_poll - 1);
    PollPlan early = plan_polls({row}, {}, 4, clock.unix_now());
    EXPECT_TRUE(early.start.empty()) << failure;
    EXPECT_EQ(early.next_wake, clock.unix_now() + 1) << failure;
    clock.advance(1);
  }
  EXPECT_EQ(waits, (std::vector<UnixTime>{1800, 3600, 7200, 14400}));  // doubling
}

TEST(PlanPolls, ADisabledSourceIsNeverStarted) {
  ManualClock clock(1'700'000'000);
  UnixTime now = clock.unix_now();
  SourceRow gone = source(1, now - 100);
  gone.disabled_at = now - 200;
  gone.disabled_reason = "HTTP 410 Gone from https://example.org/feed1.xml";
  PollPlan plan = plan_polls({gone, source(2, now)}, {}, 10, now);
  EXPECT_EQ(ids(plan), (std::vector<std::int64_t>{2}));
  // Nor does it make the loop wake for it: the next look is the usual one.
  clock.advance(3600);
  plan = plan_polls({gone}, {}, 10, clock.unix_now());
  EXPECT_TRUE(plan.start.empty());
  EXPECT_EQ(plan.next_wake, clock.unix_now() + 60);
}

}  // namespace
}  // namespace gazette
