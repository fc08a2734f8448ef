#include "http/host_pacer.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace gazette {
namespace {

// Each call waits its turn, one after the other, on an io_context of this
// thread. Parameters by value: the coroutine outlives the caller's
// expression (and GCC 12 mishandles coroutine lambdas with captures).
boost::asio::awaitable<void> take_turns(HostPacer* pacer, std::vector<std::string> hosts) {
  for (const std::string& host : hosts) co_await pacer->wait_turn(host);
}

void run_turns(HostPacer& pacer, std::vector<std::string> hosts) {
  boost::asio::io_context ioc;
  boost::asio::co_spawn(ioc, take_turns(&pacer, std::move(hosts)), boost::asio::detached);
  ioc.run();
}

TEST(HostPacer, KeepsOnlyHostsWithATurnToCome) {
  // A daemon following links meets new hosts every day: 20 rounds of 1,000
  // hosts never seen before, each round after the last one's turns have
  // passed. What it holds stays about one round's hosts, not all 20,000.
  HostPacer pacer(std::chrono::milliseconds(1));
  for (int round = 0; round < 20; ++round) {
    std::vector<std::string> hosts;
    for (int i = 0; i < 1000; ++i)
      hosts.push_back("r" + std::to_string(round) + "-h" + std::to_string(i) + ".example:443");
    run_turns(pacer, hosts);
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  EXPECT_LE(pacer.hosts(), 4000u);
}

TEST(HostPacer, ARememberedHostStillWaitsItsTurn) {
  HostPacer pacer(std::chrono::milliseconds(200));
  std::vector<std::string> hosts;
  for (int i = 0; i < 100; ++i) hosts.push_back("host" + std::to_string(i) + ".example:443");
  run_turns(pacer, hosts);
  auto start = std::chrono::steady_clock::now();
  run_turns(pacer, {"host7.example:443"});  // host7's turn was taken just now
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
}

boost::asio::awaitable<void> turns_with_gaps(HostPacer* pacer, std::vector<int> gaps_ms) {
  for (int gap : gaps_ms)
    co_await pacer->wait_turn("feeds.example:443", std::chrono::milliseconds(gap));
}

std::chrono::steady_clock::duration time_turns(HostPacer& pacer, std::vector<int> gaps_ms) {
  boost::asio::io_context ioc;
  auto start = std::chrono::steady_clock::now();
  boost::asio::co_spawn(ioc, turns_with_gaps(&pacer, std::move(gaps_ms)), boost::asio::detached);
  ioc.run();
  return std::chrono::steady_clock::now() - start;
}

TEST(HostPacer, ARequestWithoutAGapStartsAtOnceButKeepsThePreviousOnesGap) {
  HostPacer pacer(std::chrono::milliseconds(200));
  // Feeds without a gap of their own: one after the other, no waiting, no entry.
  EXPECT_LT(time_turns(pacer, {0, 0, 0, 0, 0}), std::chrono::milliseconds(150));
  EXPECT_EQ(pacer.hosts(), 0u);
  // A page's 200 ms gap holds for the feed request after it.
  EXPECT_GE(time_turns(pacer, {200, 0}), std::chrono::milliseconds(150));
}

}  // namespace
}  // namespace gazette
