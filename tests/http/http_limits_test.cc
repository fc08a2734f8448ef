// HttpClient's connection limits and cancellation, against fixture_server.py.
#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <chrono>

#include "http/http_client.h"
#include "tests/http/test_server.h"

namespace gazette {
namespace {

using namespace std::chrono_literals;
using test_support::FetchRunner;
using test_support::FixtureServer;
using test_support::request_for;
using test_support::server_stats;
using Clock = std::chrono::steady_clock;

HttpClientOptions limits(int global, int per_host) {
  HttpClientOptions o = test_support::loopback_options();
  o.connect_timeout = 2s;
  o.header_timeout = 3s;
  o.total_timeout = 5s;
  o.max_connections = global;
  o.max_connections_per_host = per_host;
  return o;
}

std::vector<FetchRequest> slow_requests(const FixtureServer& server, int n,
                                        const std::string& host = "127.0.0.1") {
  std::vector<FetchRequest> requests;
  for (int i = 0; i < n; ++i)
    requests.push_back(request_for(server.url("/_fault/slow-headers/0.3", "http", host)));
  return requests;
}

TEST(HttpLimits, PerHostLimitOfOneRunsFetchesOneAtATime) {
  FixtureServer server;
  FetchRunner runner(limits(10, 1));
  auto start = Clock::now();
  auto responses = runner.fetch_all(slow_requests(server, 3));
  auto took = Clock::now() - start;
  for (auto& r : responses) EXPECT_TRUE(r.ok()) << r.error_message;
  auto stats = server_stats(server);
  EXPECT_EQ(stats["max_active_requests"], 1);
  EXPECT_EQ(stats["max_open_connections"], 1);
  EXPECT_EQ(stats["requests"], 3);
  EXPECT_GE(took, 850ms);
}

TEST(HttpLimits, PerHostLimitOfThreeRunsThemTogether) {
  FixtureServer server;
  FetchRunner runner(limits(10, 3));
  auto responses = runner.fetch_all(slow_requests(server, 3));
  for (auto& r : responses) EXPECT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(server_stats(server)["max_active_requests"], 3);
}

TEST(HttpLimits, GlobalLimitCoversAllHosts) {
  // 127.0.0.1 and localhost are two hosts to the client, one server here.
  FixtureServer server;
  FetchRunner runner(limits(1, 2));
  auto requests = slow_requests(server, 2);
  auto more = slow_requests(server, 2, "localhost");
  requests.insert(requests.end(), more.begin(), more.end());
  auto responses = runner.fetch_all(requests);
  for (auto& r : responses) EXPECT_TRUE(r.ok()) << r.error_message;
  auto stats = server_stats(server);
  EXPECT_EQ(stats["max_active_requests"], 1);
  EXPECT_EQ(stats["requests"], 4);
  // FIFO: both 127.0.0.1 fetches, then both localhost ones, one connection each.
  EXPECT_EQ(stats["connections"], 2);
}

TEST(HttpLimits, CancelAllEndsInFlightAndQueuedFetchesPromptly) {
  FixtureServer server;
  FetchRunner runner(limits(10, 1));
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 3; ++i) requests.push_back(request_for(server.url("/_fault/slow-headers/5")));
  boost::asio::steady_timer soon(runner.ioc(), 200ms);
  soon.async_wait([&](boost::system::error_code) { runner.client().cancel_all(); });
  auto start = Clock::now();
  auto responses = runner.fetch_all(requests);
  EXPECT_LT(Clock::now() - start, 1500ms);
  for (auto& r : responses) {
    EXPECT_EQ(r.error, FetchError::cancelled) << r.error_message;
    EXPECT_EQ(r.status, 0);
  }
  // The client is usable again afterwards.
  FetchResponse after = runner.fetch(server.url("/feed/"));
  EXPECT_TRUE(after.ok()) << after.error_message;
}

}  // namespace
}  // namespace gazette
