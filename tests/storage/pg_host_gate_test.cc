// Per-host turns and connection slots shared through PostgreSQL
// (storage/postgres/pg_host_gate.h), from several connections at once as
// several pollers use them.
#include "storage/postgres/pg_host_gate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "storage/postgres/pg_database.h"
#include "storage/postgres/pg_store.h"
#include "tests/support/pg_cluster.h"

namespace gazette {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

class PgHostGateTest : public test_support::PgDatabaseTest {
 protected:
  void SetUp() override {
    PgDatabaseTest::SetUp();
    if (IsSkipped()) return;
    open_postgres_database(url());  // schema 9, with host_turns and host_slots
  }
};

// One reserved turn as the caller saw it: the database chose its start
// somewhere between `sent` and `answered`, plus the wait it answered.
struct Turn {
  Steady::time_point earliest;  // sent + wait
  Steady::time_point latest;    // answered + wait
};

TEST_F(PgHostGateTest, TurnsOfOneHostAreAGapApartAcrossConnections) {
  // Three pollers, ten requests each to one host at once, 200 ms apart.
  constexpr auto kGap = 200ms;
  constexpr int kPollers = 3, kRequests = 10;
  std::mutex mutex;
  std::vector<Turn> turns;
  std::vector<Steady::duration> round_trips;
  std::vector<std::thread> pollers;
  for (int p = 0; p < kPollers; ++p)
    pollers.emplace_back([&, url = url()] {
      PgHostGate gate(url);
      for (int i = 0; i < kRequests; ++i) {
        auto sent = Steady::now();
        auto wait = gate.reserve_turn("news.example:443", kGap).wait;
        auto answered = Steady::now();
        std::lock_guard lock(mutex);
        turns.push_back({sent + wait, answered + wait});
        round_trips.push_back(answered - sent);
      }
    });
  for (auto& t : pollers) t.join();
  ASSERT_EQ(turns.size(), static_cast<std::size_t>(kPollers * kRequests));
  std::sort(turns.begin(), turns.end(),
            [](const Turn& a, const Turn& b) { return a.earliest < b.earliest; });
  // The latest a turn can have started, against the earliest its
  // predecessor can have: never closer than the gap, whoever asked. The
  // waits are whole milliseconds rounded up, so `earliest` may be up to 1 ms
  // past the database's start.
  for (std::size_t i = 1; i < turns.size(); ++i)
    EXPECT_GE(turns[i].latest - turns[i - 1].earliest, kGap - 1ms) << "turn " << i;
  // The thirty turns are spread over 29 gaps (about 5.8 s), not bunched.
  EXPECT_GE(turns.back().latest - turns.front().earliest, 29 * kGap);
  Steady::duration total{};
  for (auto d : round_trips) total += d;
  std::printf("reserve_turn: mean round trip %.3f ms over %zu calls (3 connections at once)\n",
              std::chrono::duration<double, std::milli>(total).count() / round_trips.size(),
              round_trips.size());
}

TEST_F(PgHostGateTest, AFirstTurnIsAtOnceAndTheNextWaitsTheGap) {
  PgHostGate one(url()), other(url());
  EXPECT_EQ(one.reserve_turn("a.example:443", 500ms).wait, 0ms);
  auto wait = other.reserve_turn("a.example:443", 500ms).wait;
  EXPECT_GT(wait, 400ms);
  EXPECT_LE(wait, 500ms);
  // Another host has turns of its own.
  EXPECT_EQ(other.reserve_turn("b.example:443", 500ms).wait, 0ms);
  // A request with no gap of its own still waits the previous one's, and
  // leaves the next turn where it was.
  auto no_gap = one.reserve_turn("a.example:443", 0ms).wait;
  EXPECT_GT(no_gap, 900ms);
  auto next = other.reserve_turn("a.example:443", 500ms).wait;
  EXPECT_GT(next, 900ms);
  EXPECT_LE(next, 1000ms);
}

TEST_F(PgHostGateTest, NeverMoreThanTheLimitOfSlotsAreHeld) {
  constexpr int kLimit = 2;
  std::atomic<int> held{0}, most{0}, grants{0};
  std::vector<std::thread> pollers;
  for (int p = 0; p < 3; ++p)
    pollers.emplace_back([&, url = url()] {
      PgHostGate gate(url);
      for (int i = 0; i < 150; ++i) {
        std::optional<int> slot = gate.try_acquire_slot("http://news.example:80", kLimit, 10s);
        if (!slot) continue;
        EXPECT_GE(*slot, 0);
        EXPECT_LT(*slot, kLimit);
        // Counted only while the database says the slot is ours: the count
        // can be below what the database holds, never above.
        int now = ++held;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        ++grants;
        std::this_thread::sleep_for(1ms);
        --held;
        gate.release_slot("http://news.example:80", *slot);
      }
    });
  for (auto& t : pollers) t.join();
  EXPECT_LE(most.load(), kLimit);
  EXPECT_GT(grants.load(), 0);
  std::printf("slots: %d grants, at most %d held at once (limit %d)\n", grants.load(), most.load(),
              kLimit);
}

TEST_F(PgHostGateTest, AHeldSlotIsRefusedUntilReleased) {
  PgHostGate one(url()), other(url());
  auto a = one.try_acquire_slot("http://h.example:80", 2, 30s);
  auto b = one.try_acquire_slot("http://h.example:80", 2, 30s);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_FALSE(other.try_acquire_slot("http://h.example:80", 2, 30s));
  // Another host's slots are its own.
  EXPECT_TRUE(other.try_acquire_slot("http://other.example:80", 2, 30s));
  one.release_slot("http://h.example:80", *b);
  auto c = other.try_acquire_slot("http://h.example:80", 2, 30s);
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, *b);
}

TEST_F(PgHostGateTest, AnExpiredSlotIsTakenOverAndItsOldHolderCannotFreeIt) {
  // A poller killed mid-fetch never releases its slot: the hold runs out.
  PgHostGate killed(url()), survivor(url()), third(url());
  ASSERT_EQ(killed.try_acquire_slot("http://h.example:80", 1, 300ms), 0);
  EXPECT_FALSE(survivor.try_acquire_slot("http://h.example:80", 1, 30s));
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(survivor.try_acquire_slot("http://h.example:80", 1, 30s), 0);
  // The first holder's late release does not free the survivor's slot.
  killed.release_slot("http://h.example:80", 0);
  EXPECT_FALSE(third.try_acquire_slot("http://h.example:80", 1, 30s));
  EXPECT_NE(killed.holder(), survivor.holder());
}

// Two pollers: one met a 429 with Retry-After (the HTTP client calls
// hold_host), the other's next turn at that host says "held" and how long,
// and takes no turn; other hosts are not held.
TEST_F(PgHostGateTest, AHoldOneGateSetsIsKeptByTheOther) {
  PgHostGate refused(url()), other(url());
  EXPECT_EQ(other.reserve_turn("a.example:443", 200ms).held, 0ms) << "no hold yet";
  refused.hold_host("a.example:443", 2s);
  PgHostTurn turn = other.reserve_turn("a.example:443", 200ms);
  EXPECT_GT(turn.held, 1500ms);
  EXPECT_LE(turn.held, 2s);
  EXPECT_EQ(other.reserve_turn("b.example:443", 200ms).held, 0ms) << "another host";
  // A shorter hold does not cut the longer one; a hold of a host never
  // asked before holds it too.
  refused.hold_host("a.example:443", 100ms);
  EXPECT_GT(other.reserve_turn("a.example:443", 200ms).held, 1000ms);
  refused.hold_host("c.example:443", 30s);
  EXPECT_GT(other.reserve_turn("c.example:443", 200ms).held, 29s);
  // When the hold has run out, turns are taken again, and the held
  // requests took none: the first is at once.
  std::this_thread::sleep_for(2100ms);
  turn = other.reserve_turn("a.example:443", 200ms);
  EXPECT_EQ(turn.held, 0ms);
  EXPECT_EQ(turn.wait, 0ms);
  turn = refused.reserve_turn("a.example:443", 200ms);
  EXPECT_EQ(turn.held, 0ms);
  EXPECT_GT(turn.wait, 100ms) << "the gap holds again";
}

// The daily upkeep (PgStore::maintain) deletes the rows of hosts left alone
// for a day (kHostStateKeep), and only those.
TEST_F(PgHostGateTest, UpkeepForgetsHostsLeftAloneForADay) {
  auto db = connect_postgres(url());
  auto exec = [&db](const std::string& sql) {
    pqxx::nontransaction tx(*db);
    return tx.exec(sql);
  };
  exec(R"sql(
INSERT INTO host_turns (host, next_turn, held_until) VALUES
  ('idle:443', now() - interval '2 days', NULL),
  ('hold-ended:443', now() - interval '3 days', now() - interval '25 hours'),
  ('recent:443', now() - interval '23 hours', NULL),
  ('still-held:443', now() - interval '3 days', now() + interval '1 hour'),
  ('hold-ended-lately:443', now() - interval '3 days', now() - interval '1 hour'),
  ('queued:443', now() + interval '1 minute', NULL);
INSERT INTO host_slots (host, slot, holder, expires) VALUES
  ('http://dead:80', 0, 'gone:1:0', now() - interval '2 days'),
  ('http://dead-lately:80', 0, 'gone:1:0', now() - interval '1 hour'),
  ('http://busy:80', 1, 'here:2:0', now() + interval '1 minute');
)sql");
  PgStore store(url(), OpenMode::read_write);
  EXPECT_EQ(store.maintain(), 0);
  std::vector<std::string> hosts;
  for (const pqxx::row& r : exec("SELECT host FROM host_turns UNION ALL "
                                 "SELECT host FROM host_slots ORDER BY 1"))
    hosts.push_back(r[0].as<std::string>());
  EXPECT_EQ(hosts, (std::vector<std::string>{"hold-ended-lately:443", "http://busy:80",
                                             "http://dead-lately:80", "queued:443", "recent:443",
                                             "still-held:443"}));
  // Nothing left to forget: a second run deletes nothing.
  pqxx::work tx(*db);
  EXPECT_EQ(forget_idle_hosts(tx), 0);
}

}  // namespace
}  // namespace gazette
