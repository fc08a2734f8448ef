#include "poll/host_pacer.h"

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
boost::asio::awaitable<void> take_turns(HostPacer* pacer, std::vector<std::string> urls) {
  for (const std::string& url : urls) co_await pacer->wait_turn(url);
}

void run_turns(HostPacer& pacer, std::vector<std::string> urls) {
  boost::asio::io_context ioc;
  boost::asio::co_spawn(ioc, take_turns(&pacer, std::move(urls)), boost::asio::detached);
  ioc.run();
}

TEST(HostPacer, KeepsOnlyHostsWithATurnToCome) {
  // A daemon following links meets new hosts every day: 20 rounds of 1,000
  // hosts never seen before, each round after the last one's turns have
  // passed. What it holds stays about one round's hosts, not all 20,000.
  HostPacer pacer(std::chrono::milliseconds(1));
  for (int round = 0; round < 20; ++round) {
    std::vector<std::string> urls;
    for (int i = 0; i < 1000; ++i)
      urls.push_back("https://r" + std::to_string(round) + "-h" + std::to_string(i) + ".example/a");
    run_turns(pacer, urls);
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  EXPECT_LE(pacer.hosts_remembered(), 4000u);
}

TEST(HostPacer, ARememberedHostStillWaitsItsTurn) {
  HostPacer pacer(std::chrono::milliseconds(200));
  std::vector<std::string> urls;
  for (int i = 0; i < 100; ++i) urls.push_back("https://host" + std::to_string(i) + ".example/a");
  run_turns(pacer, urls);
  auto start = std::chrono::steady_clock::now();
  run_turns(pacer, {"https://host7.example/b"});  // host7's turn was taken just now
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
}

}  // namespace
}  // namespace gazette
