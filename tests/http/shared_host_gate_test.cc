// HttpClient with a SharedHostGate (http/shared_host_gate.h): a fake gate,
// no database. Each request asks the gate for a slot of its host and then for
// its turn, keeps the slot until it ends, and waits as long as the gate says.
#include "http/shared_host_gate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "http/http_client.h"
#include "tests/http/test_server.h"

namespace gazette {
namespace {

using namespace std::chrono_literals;
using test_support::FetchRunner;
using test_support::FixtureServer;
using test_support::request_for;
using test_support::server_stats;
using Steady = std::chrono::steady_clock;

// Answers from scripts, records every call. Runs on the client's executor.
class FakeGate : public SharedHostGate {
 public:
  struct TurnCall {
    std::string host;
    std::chrono::milliseconds gap;
  };
  struct SlotCall {
    std::string host;
    int limit;
    std::chrono::milliseconds hold;
  };

  // What the next calls answer; when a script runs out: no wait, slot 0.
  std::deque<std::optional<SharedTurnAnswer>> turns;
  std::deque<SharedSlotAnswer> slots;

  std::vector<TurnCall> turn_calls;
  std::vector<SlotCall> slot_calls;
  std::vector<std::pair<std::string, int>> released;
  std::vector<std::pair<std::string, std::chrono::milliseconds>> holds;
  int held = 0;  // granted and not released
  int most_held = 0;

  boost::asio::awaitable<std::optional<SharedTurnAnswer>> reserve_turn(
      std::string host, std::chrono::milliseconds gap) override {
    turn_calls.push_back({host, gap});
    std::optional<SharedTurnAnswer> answer = SharedTurnAnswer{};
    if (!turns.empty()) {
      answer = turns.front();
      turns.pop_front();
    }
    co_return answer;
  }

  boost::asio::awaitable<SharedSlotAnswer> try_acquire_slot(
      std::string host, int limit, std::chrono::milliseconds hold) override {
    slot_calls.push_back({host, limit, hold});
    SharedSlotAnswer answer{SharedSlotAnswer::Kind::granted, 0, 0ms};
    if (!slots.empty()) {
      answer = slots.front();
      slots.pop_front();
    }
    if (answer.kind == SharedSlotAnswer::Kind::granted) most_held = std::max(most_held, ++held);
    co_return answer;
  }

  void release_slot(std::string host, int slot) override {
    released.emplace_back(std::move(host), slot);
    --held;
  }

  void hold_host(std::string host, std::chrono::milliseconds hold) override {
    holds.emplace_back(std::move(host), hold);
  }
};

HttpClientOptions options_with(const std::shared_ptr<FakeGate>& gate) {
  HttpClientOptions o = test_support::loopback_options();
  o.connect_timeout = 2s;
  o.total_timeout = 5s;
  o.max_connections_per_host = 3;
  o.min_host_delay = 250ms;
  o.host_gate = gate;
  return o;
}

TEST(SharedHostGate, EachRequestAsksForASlotThenATurnAndGivesTheSlotBack) {
  FixtureServer server;
  auto gate = std::make_shared<FakeGate>();
  gate->slots = {{SharedSlotAnswer::Kind::granted, 2, 0ms},
                 {SharedSlotAnswer::Kind::granted, 0, 0ms},
                 {SharedSlotAnswer::Kind::granted, 1, 0ms}};
  FetchRunner runner(options_with(gate));
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 3; ++i) requests.push_back(request_for(server.url("/feed/index.xml")));
  requests[1].host_gap = 40ms;  // a request's own gap goes to the gate
  for (auto& r : runner.fetch_all(requests)) EXPECT_TRUE(r.ok()) << r.error_message;

  const std::string host = "127.0.0.1:" + std::to_string(server.port());
  const std::string pool_key = "http://" + host;
  ASSERT_EQ(gate->slot_calls.size(), 3u);
  for (const auto& call : gate->slot_calls) {
    EXPECT_EQ(call.host, pool_key);
    EXPECT_EQ(call.limit, 3);
    EXPECT_EQ(call.hold, 7s);  // connect_timeout + total_timeout: a hop's longest
  }
  ASSERT_EQ(gate->turn_calls.size(), 3u);
  std::vector<std::chrono::milliseconds> gaps;
  for (const auto& call : gate->turn_calls) {
    EXPECT_EQ(call.host, host);
    gaps.push_back(call.gap);
  }
  std::sort(gaps.begin(), gaps.end());
  EXPECT_EQ(gaps, (std::vector<std::chrono::milliseconds>{40ms, 250ms, 250ms}));
  // Every granted slot came back, each once.
  std::vector<int> released;
  for (const auto& [key, slot] : gate->released) {
    EXPECT_EQ(key, pool_key);
    released.push_back(slot);
  }
  std::sort(released.begin(), released.end());
  EXPECT_EQ(released, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(gate->held, 0);
  EXPECT_EQ(server_stats(server)["requests"], 3);
}

TEST(SharedHostGate, EachHopOfARedirectIsARequestOfItsOwn) {
  FixtureServer server;
  auto gate = std::make_shared<FakeGate>();
  FetchRunner runner(options_with(gate));
  FetchResponse r = runner.fetch(server.url("/_fault/redirect/2/feed/index.xml"));
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(gate->slot_calls.size(), 3u);
  EXPECT_EQ(gate->turn_calls.size(), 3u);
  EXPECT_EQ(gate->released.size(), 3u);
  EXPECT_EQ(gate->most_held, 1);  // a hop's slot goes back before the next hop takes one
}

TEST(SharedHostGate, TheGatesTurnIsKeptNotThePacers) {
  // The gate says wait 600 ms (another poller's request to the host began
  // just now); the in-process pacer has no turn to keep (a first request).
  FixtureServer server;
  auto gate = std::make_shared<FakeGate>();
  gate->turns = {SharedTurnAnswer{600ms, 0ms}};
  FetchRunner runner(options_with(gate));
  auto start = Steady::now();
  FetchResponse r = runner.fetch(server.url("/feed/index.xml"));
  EXPECT_TRUE(r.ok()) << r.error_message;
  EXPECT_GE(Steady::now() - start, 600ms);
}

TEST(SharedHostGate, ABusyHostIsAskedAgainAfterTheGatesRetryTime) {
  FixtureServer server;
  auto gate = std::make_shared<FakeGate>();
  gate->slots = {{SharedSlotAnswer::Kind::busy, -1, 200ms},
                 {SharedSlotAnswer::Kind::busy, -1, 200ms},
                 {SharedSlotAnswer::Kind::granted, 1, 0ms}};
  FetchRunner runner(options_with(gate));
  auto start = Steady::now();
  FetchResponse r = runner.fetch(server.url("/feed/index.xml"));
  EXPECT_TRUE(r.ok()) << r.error_message;
  EXPECT_GE(Steady::now() - start, 400ms);
  EXPECT_EQ(gate->slot_calls.size(), 3u);
  ASSERT_EQ(gate->released.size(), 1u);
  EXPECT_EQ(gate->released[0].second, 1);
  // No turn was taken while the host was busy: the gap counts from a real start.
  EXPECT_EQ(gate->turn_calls.size(), 1u);
}

TEST(SharedHostGate, AnUnavailableGateLeavesTheInProcessPacingInPlace) {
  // The database cannot answer: the fetches still go out, a gap apart as
  // the client's own pacer keeps them, and nothing is released that was
  // never granted.
  FixtureServer server;
  auto gate = std::make_shared<FakeGate>();
  gate->turns = {std::nullopt, std::nullopt};
  gate->slots = {{SharedSlotAnswer::Kind::unavailable, -1, 0ms},
                 {SharedSlotAnswer::Kind::unavailable, -1, 0ms}};
  FetchRunner runner(options_with(gate));
  auto start = Steady::now();
  auto responses = runner.fetch_all(
      {request_for(server.url("/feed/index.xml")), request_for(server.url("/feed/index.xml"))});
  for (auto& r : responses) EXPECT_TRUE(r.ok()) << r.error_message;
  EXPECT_GE(Steady::now() - start, 250ms);
  EXPECT_TRUE(gate->released.empty());
  EXPECT_EQ(server_stats(server)["requests"], 2);
}

TEST(SharedHostGate, AHostAnotherPollerMetA429OnIsNotAsked) {
  // The gate says the host is held 90 s more (another poller's 429): no
  // request goes out, the fetch ends `held` until then by this client's
  // clock, and the next fetch stops at the client's own hold, without
  // asking the gate again.
  FixtureServer server;
  ManualClock clock(1'796'032'800);
  auto gate = std::make_shared<FakeGate>();
  gate->turns = {SharedTurnAnswer{0ms, 90'000ms}};
  HttpClientOptions o = options_with(gate);
  o.clock = &clock;
  FetchRunner runner(o);
  FetchResponse r = runner.fetch(server.url("/feed/index.xml"));
  EXPECT_EQ(r.error, FetchError::held) << r.error_message;
  // 90 s from now, rounded up to the clock's whole seconds, plus one.
  EXPECT_EQ(r.held_until, clock.unix_now() + 91);
  EXPECT_EQ(gate->released.size(), 1u) << "its slot went back";
  FetchResponse again = runner.fetch(server.url("/feed/index.xml"));
  EXPECT_EQ(again.error, FetchError::held);
  EXPECT_EQ(again.held_until, r.held_until);
  EXPECT_EQ(gate->turn_calls.size(), 1u);
  EXPECT_TRUE(gate->holds.empty()) << "a hold learnt from the gate is not sent back";
  EXPECT_EQ(server_stats(server)["requests"], 0);
  // When the hold has ended, requests go out again.
  clock.advance(91);
  EXPECT_TRUE(runner.fetch(server.url("/feed/index.xml")).ok());
  EXPECT_EQ(server_stats(server)["requests"], 1);
}

TEST(SharedHostGate, A429IsSharedThroughTheGate) {
  FixtureServer server;
  ManualClock clock(1'796'032'800);
  auto gate = std::make_shared<FakeGate>();
  HttpClientOptions o = options_with(gate);
  o.clock = &clock;
  FetchRunner runner(o);
  FetchResponse r = runner.fetch(server.url("/_fault/retry-after/120"));
  EXPECT_EQ(r.status, 429);
  const std::string host = "127.0.0.1:" + std::to_string(server.port());
  ASSERT_EQ(gate->holds.size(), 1u);
  EXPECT_EQ(gate->holds[0].first, host);
  // The Retry-After and the second the client adds for its whole-second clock.
  EXPECT_EQ(gate->holds[0].second, 121'000ms);
  // A normal answer shares nothing.
  clock.advance(200);
  EXPECT_TRUE(runner.fetch(server.url("/feed/index.xml")).ok());
  EXPECT_EQ(gate->holds.size(), 1u);
}

TEST(SharedHostGate, CancelAllEndsAWaitForTheGate) {
  FixtureServer server;
  auto gate = std::make_shared<FakeGate>();
  for (int i = 0; i < 100; ++i) gate->slots.push_back({SharedSlotAnswer::Kind::busy, -1, 1000ms});
  FetchRunner runner(options_with(gate));
  boost::asio::steady_timer stop(runner.ioc(), 300ms);
  stop.async_wait([&runner](boost::system::error_code) { runner.client().cancel_all(); });
  FetchResponse r = runner.fetch(server.url("/feed/index.xml"));
  EXPECT_EQ(r.error, FetchError::cancelled);
  EXPECT_LE(gate->slot_calls.size(), 2u);  // asked, slept, and was woken by cancel_all
  EXPECT_TRUE(gate->released.empty());
  EXPECT_EQ(server_stats(server)["requests"], 0);
}

}  // namespace
}  // namespace gazette
