// The host back-off's decisions (http/host_backoff.h), timed by a ManualClock.
#include "http/host_backoff.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "base/clock.h"

namespace gazette {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;  // 2027-01-15

TEST(RetryAfterSeconds, ReadsSecondsAndHttpDates) {
  EXPECT_EQ(retry_after_seconds("30", kNow), 30);
  EXPECT_EQ(retry_after_seconds(" 120 ", kNow), 120);
  EXPECT_EQ(retry_after_seconds("0", kNow), 0);
  // 2027-01-15T08:00:00Z is kNow; a minute later:
  EXPECT_EQ(retry_after_seconds("Fri, 15 Jan 2027 08:01:00 GMT", kNow), 60);
  EXPECT_EQ(retry_after_seconds("Fri, 15 Jan 2027 07:00:00 GMT", kNow), 0);  // past
  EXPECT_EQ(retry_after_seconds("", kNow), std::nullopt);
  EXPECT_EQ(retry_after_seconds("soon", kNow), std::nullopt);
  EXPECT_EQ(retry_after_seconds("-5", kNow), std::nullopt);
  EXPECT_GT(*retry_after_seconds("99999999999999999999999", kNow), 365LL * 24 * 3600);
}

TEST(HostBackoff, HonoursRetryAfterForTheWholeHost) {
  ManualClock clock(kNow);
  HostBackoff backoff(clock);
  EXPECT_EQ(backoff.held_until("a.example:443"), 0);
  std::int64_t until = backoff.observe("a.example:443", 429, "30");
  // At least 30 whole seconds: the clock counts seconds, so one more.
  EXPECT_EQ(until, kNow + 31);
  clock.advance(30);
  EXPECT_EQ(backoff.held_until("a.example:443"), kNow + 31);
  EXPECT_EQ(backoff.held_until("b.example:443"), 0);  // another host is not held
  EXPECT_EQ(backoff.held_until("a.example:80"), 0);
  clock.advance(1);
  EXPECT_EQ(backoff.held_until("a.example:443"), 0);
}

TEST(HostBackoff, HonoursAnHttpDate) {
  ManualClock clock(kNow);
  HostBackoff backoff(clock);
  EXPECT_EQ(backoff.observe("h:80", 503, "Fri, 15 Jan 2027 08:10:00 GMT"), kNow + 600 + 1);
}

TEST(HostBackoff, DoublesWithoutRetryAfterUpToTheCap) {
  ManualClock clock(kNow);
  HostBackoff backoff(clock);
  std::int64_t expected = kHostBackoffFirst;
  for (int i = 0; i < 12; ++i) {
    std::int64_t until = backoff.observe("h:80", 503, "");
    EXPECT_EQ(until - clock.unix_now(), expected + 1) << "refusal " << i + 1;
    clock.set(until);  // the next request goes out when the hold ends, and is refused again
    expected = std::min(expected * 2, kHostBackoffMax);
  }
  EXPECT_EQ(expected, kHostBackoffMax);
}

TEST(HostBackoff, CapsARetryAfter) {
  ManualClock clock(kNow);
  HostBackoff backoff(clock);
  EXPECT_EQ(backoff.observe("h:80", 429, "99999999999"), kNow + kHostRetryAfterMax + 1);
  EXPECT_EQ(backoff.observe("g:80", 429, "0"), kNow + 1 + 1);  // at least a second
}

TEST(HostBackoff, ANormalAnswerForgetsTheHost) {
  ManualClock clock(kNow);
  HostBackoff backoff(clock);
  backoff.observe("h:80", 429, "");
  backoff.observe("h:80", 429, "");
  EXPECT_EQ(backoff.hosts(), 1u);
  for (int status : {200, 304, 404, 500}) {
    backoff.observe("h:80", 429, "");
    EXPECT_EQ(backoff.observe("h:80", status, ""), 0);
    EXPECT_EQ(backoff.hosts(), 0u);
    EXPECT_EQ(backoff.held_until("h:80"), 0);
  }
  // The next refusal is the first again.
  EXPECT_EQ(backoff.observe("h:80", 429, "") - kNow, kHostBackoffFirst + 1);
}

TEST(HostBackoff, ForgetsAHostQuietForLong) {
  ManualClock clock(kNow);
  HostBackoff backoff(clock);
  std::int64_t until = backoff.observe("h:80", 429, "");
  clock.set(until + kHostBackoffMax);
  EXPECT_EQ(backoff.held_until("h:80"), 0);
  EXPECT_EQ(backoff.hosts(), 0u);
  EXPECT_EQ(backoff.observe("h:80", 429, "") - clock.unix_now(), kHostBackoffFirst + 1);
}

TEST(HostBackoff, RemembersABoundedNumberOfHosts) {
  ManualClock clock(kNow);
  HostBackoff backoff(clock);
  for (std::size_t i = 0; i < kHostBackoffHosts * 3; ++i) {
    backoff.observe("host" + std::to_string(i) + ":80", 429, "60");
    if (i % 100 == 0) clock.advance(1);
    ASSERT_LE(backoff.hosts(), kHostBackoffHosts);
  }
  // The newest are kept; the oldest holds were dropped first.
  EXPECT_GT(backoff.held_until("host" + std::to_string(kHostBackoffHosts * 3 - 1) + ":80"), 0);
  EXPECT_EQ(backoff.held_until("host0:80"), 0);
}

// A hold another poller met (the shared host gate's answer): held as long,
// to the second rounded up; no refusal of this process's own, so its next
// refusal still waits the first wait, not a doubled one.
TEST(HostBackoff, HoldsAHostForAnotherPollersRefusal) {
  ManualClock clock(kNow);
  HostBackoff backoff(clock);
  EXPECT_EQ(backoff.hold_for("a:443", std::chrono::milliseconds(90'500)), kNow + 91 + 1);
  EXPECT_EQ(backoff.held_until("a:443"), kNow + 92);
  // A shorter one does not cut it; nothing, or a negative one, holds nothing.
  EXPECT_EQ(backoff.hold_for("a:443", std::chrono::milliseconds(1'000)), kNow + 92);
  EXPECT_EQ(backoff.hold_for("b:443", std::chrono::milliseconds(0)), 0);
  EXPECT_EQ(backoff.hold_for("b:443", std::chrono::milliseconds(-5)), 0);
  EXPECT_EQ(backoff.hosts(), 1u);
  // Capped as a Retry-After is.
  EXPECT_EQ(backoff.hold_for("c:443", std::chrono::hours(24 * 30)), kNow + kHostRetryAfterMax + 1);
  clock.advance(92);
  EXPECT_EQ(backoff.held_until("a:443"), 0);
  EXPECT_EQ(backoff.observe("a:443", 429, ""), kNow + 92 + kHostBackoffFirst + 1)
      << "this process's first refusal";
}

TEST(HostBackoff, HostKeyIsHostAndPort) {
  EXPECT_EQ(host_key("example.org", "443"), "example.org:443");
  EXPECT_EQ(host_key("::1", "8080"), "::1:8080");
}

}  // namespace
}  // namespace gazette
