// shared_host_gate_for (poll/shared_host_gate.h): two HTTP clients, each on
// its own thread and io_context as two pollers would be, with gates on one
// PostgreSQL database: one host's gap and connection limit hold across both.
#include "poll/shared_host_gate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <pqxx/nontransaction>
#include <thread>
#include <vector>

#include "storage/postgres/pg_database.h"
#include "tests/http/test_server.h"
#include "tests/support/pg_cluster.h"

namespace gazette {
namespace {

using namespace std::chrono_literals;
using test_support::FetchRunner;
using test_support::FixtureServer;
using test_support::request_for;
using test_support::server_stats;

TEST(SharedHostGateFor, AnSqlitePathHasNoGate) {
  EXPECT_EQ(shared_host_gate_for("/var/lib/gazette/gazette.db"), nullptr);
  EXPECT_EQ(shared_host_gate_for("gazette.db"), nullptr);
}

class SharedHostGateForPg : public test_support::PgDatabaseTest {
 protected:
  void SetUp() override {
    PgDatabaseTest::SetUp();
    if (IsSkipped()) return;
    open_postgres_database(url());
  }
};

TEST_F(SharedHostGateForPg, TwoPollersKeepOneHostsGapAndLimitTogether) {
  FixtureServer server;
  auto poller = [&server](std::string url) {
    HttpClientOptions o = test_support::loopback_options();
    o.max_connections_per_host = 1;
    o.min_host_delay = 300ms;
    o.host_gate = shared_host_gate_for(url);
    ASSERT_NE(o.host_gate, nullptr);
    FetchRunner runner(o);
    std::vector<FetchRequest> requests;
    for (int i = 0; i < 3; ++i)
      requests.push_back(request_for(server.url("/_fault/slow-headers/0.2")));
    for (auto& r : runner.fetch_all(requests)) EXPECT_TRUE(r.ok()) << r.error_message;
  };
  std::thread one(poller, url()), two(poller, url());
  one.join();
  two.join();
  auto stats = server_stats(server);
  EXPECT_EQ(stats["requests"], 6);
  // Each client alone would allow one at a time; together still one.
  EXPECT_EQ(stats["max_active_requests"], 1);
  // The server logs each request as it answers, 0.2 s after it came in:
  // the differences are those of the starts.
  std::vector<double> times;
  for (const std::string& line : server.log_lines()) {
    auto entry = nlohmann::json::parse(line);
    if (entry["path"] == "/_fault/slow-headers/0.2") times.push_back(entry["t"].get<double>());
  }
  ASSERT_EQ(times.size(), 6u);
  std::sort(times.begin(), times.end());
  for (std::size_t i = 1; i < times.size(); ++i)
    EXPECT_GE(times[i] - times[i - 1], 0.3 - 0.05) << "requests " << i - 1 << " and " << i;
  // The slots came back: none is held after the fetches.
  auto db = connect_postgres(url());
  pqxx::nontransaction tx(*db);
  EXPECT_EQ(tx.exec("SELECT count(*) FROM host_slots")[0][0].as<int>(), 0);
}

// One poller meets a 429 with Retry-After: 30; the other, on the same
// database, does not ask the host before the 30 s are over (loopback only).
TEST_F(SharedHostGateForPg, A429OnePollerMetHoldsTheHostForTheOther) {
  FixtureServer server;
  auto options = [this] {
    HttpClientOptions o = test_support::loopback_options();
    o.host_gate = shared_host_gate_for(url());
    return o;
  };
  {
    FetchRunner refused(options());
    FetchResponse r = refused.fetch(server.url("/_fault/retry-after/30"));
    EXPECT_EQ(r.status, 429) << r.error_message;
  }  // its gate's thread has written the hold when the gate is gone
  const std::int64_t asked = system_clock().unix_now();
  FetchRunner other(options());
  for (const char* path : {"/feed/index.xml", "/_fault/retry-after/30"}) {
    FetchResponse r = other.fetch(server.url(path));
    EXPECT_EQ(r.error, FetchError::held) << path << ": " << r.error_message;
    EXPECT_GE(r.held_until, asked + 29);
    EXPECT_LE(r.held_until, asked + 33);
  }
  EXPECT_EQ(server_stats(server)["requests"], 1) << "only the refused request reached the host";
  auto db = connect_postgres(url());
  pqxx::nontransaction tx(*db);
  EXPECT_EQ(tx.exec("SELECT count(*) FROM host_turns WHERE held_until > now()")[0][0].as<int>(), 1);
}

}  // namespace
}  // namespace gazette
