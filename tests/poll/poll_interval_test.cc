#include "poll/poll_interval.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "base/clock.h"

namespace gazette {
namespace {

constexpr std::int64_t kMinute = 60, kHour = 3600, kDay = 86'400;

TEST(PublisherInterval, TtlIsMinutes) {
  EXPECT_EQ(publisher_interval({"60", "", ""}), kHour);
  EXPECT_EQ(publisher_interval({" 15 \n", "", ""}), 15 * kMinute);
}

TEST(PublisherInterval, UntrustedTtlIsIgnoredOrCapped) {
  for (const char* nonsense : {"", "0", "-5", "1.5", "60 minutes", "0x10", "abc", "+60", "６０"})
    EXPECT_EQ(publisher_interval({nonsense, "", ""}), std::nullopt) << nonsense;
  // Huge: capped at a year, whatever the number of digits.
  EXPECT_EQ(publisher_interval({"99999999", "", ""}), kMaxHintSeconds);
  EXPECT_EQ(publisher_interval({std::string(400, '9'), "", ""}), kMaxHintSeconds);
  EXPECT_EQ(publisher_interval({"000000000000000000000030", "", ""}), 30 * kMinute);
}

TEST(PublisherInterval, SyndicationPeriodOverFrequency) {
  EXPECT_EQ(publisher_interval({"", "hourly", "1"}), kHour);
  EXPECT_EQ(publisher_interval({"", "Hourly", "2"}), kHour / 2);
  EXPECT_EQ(publisher_interval({"", "daily", ""}), kDay);  // frequency defaults to 1
  EXPECT_EQ(publisher_interval({"", "", "4"}), kDay / 4);  // period defaults to daily
  EXPECT_EQ(publisher_interval({"", "weekly", "1"}), 7 * kDay);
  EXPECT_EQ(publisher_interval({"", "yearly", "1"}), 365 * kDay);
  // Unknown periods, zero, negative or non-numeric frequencies say nothing.
  EXPECT_EQ(publisher_interval({"", "fortnightly", "1"}), std::nullopt);
  EXPECT_EQ(publisher_interval({"", "hourly", "0"}), std::nullopt);
  EXPECT_EQ(publisher_interval({"", "hourly", "-2"}), std::nullopt);
  EXPECT_EQ(publisher_interval({"", "hourly", "twice"}), std::nullopt);
  // More than once a second asks for nothing; huge frequencies do not overflow.
  EXPECT_EQ(publisher_interval({"", "hourly", "100000"}), std::nullopt);
  EXPECT_EQ(publisher_interval({"", "hourly", std::string(300, '9')}), std::nullopt);
}

TEST(PublisherInterval, TheLongerOfTtlAndSyndication) {
  EXPECT_EQ(publisher_interval({"30", "daily", "1"}), kDay);
  EXPECT_EQ(publisher_interval({"180", "hourly", "1"}), 3 * kHour);
  EXPECT_EQ(publisher_interval({"junk", "hourly", "1"}), kHour);
}

TEST(CacheLifetime, MaxAge) {
  EXPECT_EQ(cache_lifetime("max-age=3600", "", "", 0), kHour);
  EXPECT_EQ(cache_lifetime("public, MAX-AGE = \"600\" , must-revalidate", "", "", 0), 600);
  EXPECT_EQ(cache_lifetime("max-age=99999999999999999999999", "", "", 0), kMaxHintSeconds);
}

TEST(CacheLifetime, NothingUsable) {
  for (const char* header :
       {"", "max-age=0", "max-age=-1", "max-age=1.5", "max-age=", "max-age",
        "no-store, max-age=600", "max-age=600, no-cache", "max-age=60, max-age=600", "private"})
    EXPECT_EQ(cache_lifetime(header, "", "", 0), std::nullopt) << header;
}

TEST(CacheLifetime, ExpiresAgainstDateOrNow) {
  ManualClock clock(1'761'955'200);  // 2025-11-01T00:00:00Z
  const char* expires = "Sat, 01 Nov 2025 02:00:00 GMT";
  EXPECT_EQ(cache_lifetime("", expires, "", clock.unix_now()), 2 * kHour);
  EXPECT_EQ(cache_lifetime("", expires, "Sat, 01 Nov 2025 01:00:00 GMT", clock.unix_now()), kHour);
  // A max-age wins over Expires, even one that says nothing.
  EXPECT_EQ(cache_lifetime("max-age=60", expires, "", clock.unix_now()), 60);
  EXPECT_EQ(cache_lifetime("max-age=junk", expires, "", clock.unix_now()), std::nullopt);
  // Expired, unreadable ("0", "-1" mean already expired), or absurd.
  clock.advance(3 * kHour);
  EXPECT_EQ(cache_lifetime("", expires, "", clock.unix_now()), std::nullopt);
  for (const char* nonsense : {"0", "-1", "tomorrow", ""})
    EXPECT_EQ(cache_lifetime("", nonsense, "", clock.unix_now()), std::nullopt) << nonsense;
  EXPECT_EQ(cache_lifetime("", "Fri, 31 Dec 9999 23:59:59 GMT", "", clock.unix_now()),
            kMaxHintSeconds);
  EXPECT_EQ(cache_lifetime("", expires, "Thu, 01 Jan 1970 00:00:00 GMT", clock.unix_now()),
            kMaxHintSeconds);
}

std::vector<ObservedPoll> polls_every(std::int64_t gap, int count, UnixTime last,
                                      std::int64_t new_items) {
  std::vector<ObservedPoll> polls;
  for (int i = 0; i < count; ++i) polls.push_back({last - i * gap, new_items});
  return polls;
}

TEST(ObservedRate, NeedsEnoughPollsAndTime) {
  ManualClock clock(1'000'000);
  UnixTime now = clock.unix_now();
  EXPECT_EQ(observed_rate({}, now), std::nullopt);
  EXPECT_EQ(observed_rate(polls_every(kHour, 3, now, 1), now), std::nullopt);  // too few
  EXPECT_EQ(observed_rate(polls_every(60, 10, now, 1), now), std::nullopt);    // under an hour
  // A clock that went backwards is no observation.
  EXPECT_EQ(observed_rate(polls_every(kHour, 10, now + 20 * kHour, 1), now), std::nullopt);
}

TEST(ObservedRate, HalfTheGapBetweenNewItems) {
  ManualClock clock(1'000'000);
  // Ten polls an hour apart, the last 3 s ago; each brought 2 new items: the
  // oldest opens the window and does not count, so 18 items over 9 h.
  clock.advance(3);
  std::vector<ObservedPoll> polls = polls_every(kHour, 10, 1'000'000, 2);
  std::optional<ObservedRate> rate = observed_rate(polls, clock.unix_now());
  ASSERT_TRUE(rate);
  EXPECT_EQ(rate->new_items, 18);
  EXPECT_EQ(rate->span, 9 * kHour + 3);
  EXPECT_EQ(rate->interval, (9 * kHour + 3) / 18 / 2);
}

TEST(ObservedRate, AQuietSourceGrowsWithTheWindow) {
  ManualClock clock(1'000'000);
  std::vector<ObservedPoll> polls = polls_every(kHour, 10, clock.unix_now(), 0);
  polls.back().new_items = 500;  // the first poll's backlog: before the window
  std::optional<ObservedRate> rate = observed_rate(polls, clock.unix_now());
  ASSERT_TRUE(rate);
  EXPECT_EQ(rate->new_items, 0);
  EXPECT_EQ(rate->interval, 9 * kHour / 2);
  clock.advance(9 * kHour);
  EXPECT_EQ(observed_rate(polls, clock.unix_now())->interval, 18 * kHour / 2);
}

TEST(ObservedRate, NegativeOrHugeCountsDoNotBreakIt) {
  std::vector<ObservedPoll> polls = polls_every(kHour, 5, 10 * kDay, -7);
  EXPECT_EQ(observed_rate(polls, 10 * kDay)->new_items, 0);
  polls = polls_every(kHour, 5, 10 * kDay, std::numeric_limits<std::int64_t>::max());
  std::optional<ObservedRate> rate = observed_rate(polls, 10 * kDay);
  ASSERT_TRUE(rate);
  EXPECT_GE(rate->interval, 1);
}

IntervalInputs inputs(std::int64_t interval, bool explicit_interval = false) {
  IntervalInputs in;
  in.interval = interval;
  in.explicit_interval = explicit_interval;
  in.bounds = {10 * kMinute, kDay};
  return in;
}

TEST(ChooseInterval, WithoutHintsOrHistoryTheInterval) {
  IntervalChoice choice = choose_interval(inputs(30 * kMinute));
  EXPECT_EQ(choice.seconds, 30 * kMinute);
  EXPECT_EQ(choice.reason, "interval");
  // An interval outside the bounds stays allowed: the bounds widen to it.
  EXPECT_EQ(choose_interval(inputs(kMinute)).seconds, kMinute);
  EXPECT_EQ(choose_interval(inputs(7 * kDay)).seconds, 7 * kDay);
}

TEST(ChooseInterval, ObservedRateWithinTheBounds) {
  IntervalInputs in = inputs(30 * kMinute);
  in.observed = ObservedRate{2 * kHour, 3, 12 * kHour};
  IntervalChoice choice = choose_interval(in);
  EXPECT_EQ(choice.seconds, 2 * kHour);
  EXPECT_EQ(choice.reason, "observed: 3 new items in 12h");
  in.observed->interval = 60;  // busy: not below the minimum
  EXPECT_EQ(choose_interval(in).seconds, 10 * kMinute);
  EXPECT_EQ(choose_interval(in).reason, "observed: 3 new items in 12h, raised to the minimum");
  in.observed->interval = 30 * kDay;  // quiet: not above the maximum
  EXPECT_EQ(choose_interval(in).seconds, kDay);
}

TEST(ChooseInterval, AnExplicitIntervalIsNotReplacedByTheRate) {
  IntervalInputs in = inputs(30 * kMinute, /*explicit_interval=*/true);
  in.observed = ObservedRate{5 * kHour, 0, 10 * kHour};
  EXPECT_EQ(choose_interval(in).seconds, 30 * kMinute);
  // The publisher's word still lengthens it, up to the maximum.
  in.publisher = 2 * kHour;
  EXPECT_EQ(choose_interval(in).seconds, 2 * kHour);
  EXPECT_EQ(choose_interval(in).reason, "ttl/sy: 2h");
}

TEST(ChooseInterval, HintsOnlyLengthenAndAreCappedByTheMaximum) {
  IntervalInputs in = inputs(30 * kMinute);
  in.cache = 60;  // fresh for a minute: no reason to come sooner
  EXPECT_EQ(choose_interval(in).seconds, 30 * kMinute);
  in.cache = 3 * kHour;
  EXPECT_EQ(choose_interval(in).seconds, 3 * kHour);
  EXPECT_EQ(choose_interval(in).reason, "cache: 3h");
  in.publisher = kMaxHintSeconds;  // a ttl of years
  EXPECT_EQ(choose_interval(in).seconds, kDay);
  EXPECT_EQ(choose_interval(in).reason, "ttl/sy: 365d, lowered to the maximum");
  in.observed = ObservedRate{10 * kMinute, 40, 10 * kHour};
  EXPECT_EQ(choose_interval(in).seconds, kDay) << "the rate does not undercut the publisher";
}

TEST(ChooseInterval, AbsurdInputsStayInRange) {
  IntervalInputs in = inputs(std::numeric_limits<std::int64_t>::max());
  in.bounds = {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()};
  in.publisher = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(choose_interval(in).seconds, 365 * kDay);
  in = inputs(std::numeric_limits<std::int64_t>::min());
  in.observed = ObservedRate{-5, 1, 1};
  EXPECT_EQ(choose_interval(in).seconds, kMinute);
}

}  // namespace
}  // namespace gazette
