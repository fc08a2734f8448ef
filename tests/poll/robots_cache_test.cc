// RobotsCache against fixture servers on 127.0.0.1 (one origin per port):
// what it keeps, for how long, and what it evicts first.
#include "poll/robots_cache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <fstream>
#include <memory>
#include <vector>

#include "base/clock.h"
#include "tests/http/test_server.h"

namespace gazette {
namespace {

using test_support::FetchRunner;
using test_support::FixtureServer;
using test_support::TempDir;

constexpr std::int64_t kStart = 1'700'000'000;

// A site root whose robots.txt disallows /private for everyone.
class RobotsSite {
 public:
  explicit RobotsSite(const std::string& robots = "User-agent: *\nDisallow: /private\n") {
    std::ofstream(dir_.path() / "robots.txt", std::ios::binary) << robots;
  }
  std::vector<std::string> args() const { return {"--root", dir_.path().string()}; }

 private:
  TempDir dir_;
};

// How many times `server` was asked for /robots.txt.
long robots_requests(const FixtureServer& server) {
  auto log = server.log_lines();
  return std::count_if(log.begin(), log.end(), [](const std::string& line) {
    return line.find(R"("path": "/robots.txt")") != std::string::npos;
  });
}

class RobotsCacheTest : public ::testing::Test {
 protected:
  // Each server is an origin of its own (127.0.0.1:port).
  FixtureServer& server(std::size_t i) {
    while (servers_.size() <= i) servers_.push_back(std::make_unique<FixtureServer>(site_.args()));
    return *servers_[i];
  }
  std::string url(std::size_t i, const std::string& path) { return server(i).url(path); }

  long robots_fetches(std::size_t i) { return robots_requests(server(i)); }

  std::vector<RobotsCache::Verdict> check_all(RobotsCache& cache,
                                              const std::vector<std::string>& urls) {
    std::vector<RobotsCache::Verdict> verdicts(urls.size());
    for (std::size_t i = 0; i < urls.size(); ++i)
      boost::asio::co_spawn(runner_.ioc(), cache.check(urls[i]),
                            [&verdicts, i](std::exception_ptr e, RobotsCache::Verdict v) {
                              if (e) std::rethrow_exception(e);
                              verdicts[i] = std::move(v);
                            });
    runner_.ioc().restart();
    runner_.ioc().run();
    return verdicts;
  }
  RobotsCache::Verdict check(RobotsCache& cache, const std::string& url) {
    return check_all(cache, {url}).front();
  }

  RobotsCache cache_with(std::size_t max_origins,
                         std::size_t max_bytes = RobotsCache::Limits().max_bytes) {
    return RobotsCache(runner_.client(), clock_, "Gazette", true,
                       RobotsCache::Limits{max_origins, max_bytes});
  }

  RobotsSite site_;
  std::vector<std::unique_ptr<FixtureServer>> servers_;
  FetchRunner runner_{test_support::loopback_options()};
  ManualClock clock_{kStart};
};

TEST_F(RobotsCacheTest, KeepsAnOriginsRulesAndAsksOnce) {
  RobotsCache cache(runner_.client(), clock_, "Gazette", true);
  EXPECT_TRUE(check(cache, url(0, "/news/1")).allowed);
  RobotsCache::Verdict no = check(cache, url(0, "/private/2"));
  EXPECT_FALSE(no.allowed);
  EXPECT_NE(no.reason.find("disallows /private/2"), std::string::npos) << no.reason;
  EXPECT_EQ(robots_fetches(0), 1);
  EXPECT_EQ(cache.size(), 1u);
}

TEST_F(RobotsCacheTest, EvictsTheLeastRecentlyUsedOriginAndFetchesItAgain) {
  RobotsCache cache = cache_with(2);
  check(cache, url(0, "/a"));
  check(cache, url(1, "/a"));
  check(cache, url(0, "/b"));  // origin 0 is now the more recently used
  check(cache, url(2, "/a"));  // full: origin 1 goes
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(robots_fetches(0), 1);
  EXPECT_EQ(robots_fetches(2), 1);

  // Origin 1 was forgotten: asked for again, its rules still apply.
  EXPECT_FALSE(check(cache, url(1, "/private/x")).allowed);
  EXPECT_EQ(robots_fetches(1), 2);
  EXPECT_EQ(cache.size(), 2u);
  // That evicted origin 0 (least recently used), not origin 2.
  check(cache, url(2, "/b"));
  EXPECT_EQ(robots_fetches(2), 1);
  check(cache, url(0, "/c"));
  EXPECT_EQ(robots_fetches(0), 2);
  EXPECT_EQ(cache.size(), 2u);
}

TEST_F(RobotsCacheTest, ByteBudgetEvictsToo) {
  // A byte budget below any entry: only the newest is kept.
  RobotsCache cache = cache_with(RobotsCache::Limits().max_origins, 1);
  check(cache, url(0, "/a"));
  check(cache, url(1, "/a"));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_FALSE(check(cache, url(0, "/private")).allowed);
  EXPECT_EQ(robots_fetches(0), 2);
  EXPECT_EQ(robots_fetches(1), 1);
  EXPECT_EQ(cache.size(), 1u);
}

TEST_F(RobotsCacheTest, OriginsFetchedAtOnceEachGetTheirOwnRules) {
  RobotsCache cache = cache_with(1);
  // Both robots.txt in flight at once, over the limit while they are.
  auto verdicts = check_all(cache, {url(0, "/private/a"), url(1, "/b")});
  EXPECT_FALSE(verdicts[0].allowed);
  EXPECT_TRUE(verdicts[1].allowed);
  EXPECT_EQ(robots_fetches(0), 1);
  EXPECT_EQ(robots_fetches(1), 1);
  EXPECT_EQ(cache.size(), 1u);  // back within the limit once both are done
}

TEST_F(RobotsCacheTest, ExpiresAfterTheServersLifetimeButNotBeforeAnHour) {
  // fixture_server.py sends Cache-Control: max-age=60 with files: kept an hour.
  RobotsCache cache(runner_.client(), clock_, "Gazette", true);
  check(cache, url(0, "/a"));
  clock_.advance(3599);
  check(cache, url(0, "/a"));
  EXPECT_EQ(robots_fetches(0), 1);
  clock_.advance(1);
  EXPECT_FALSE(check(cache, url(0, "/private")).allowed);
  EXPECT_EQ(robots_fetches(0), 2);
  EXPECT_EQ(cache.size(), 1u);
}

TEST_F(RobotsCacheTest, AMissingRobotsTxtIsKeptADay) {
  FixtureServer bare;  // tests/fixtures/http: no robots.txt, a 404 without Cache-Control
  RobotsCache cache(runner_.client(), clock_, "Gazette", true);
  EXPECT_TRUE(check(cache, bare.url("/private")).allowed);
  clock_.advance(24 * 3600 - 1);
  check(cache, bare.url("/a"));
  EXPECT_EQ(robots_requests(bare), 1);
  clock_.advance(1);
  check(cache, bare.url("/a"));
  EXPECT_EQ(robots_requests(bare), 2);
}

TEST_F(RobotsCacheTest, ReadsOnlyTheParseLimitOfAHugeRobotsTxt) {
  std::string robots = "User-agent: *\nDisallow: /early\n";
  while (robots.size() < RobotsCache::kRobotsParseLimit) robots += "# padding padding padding\n";
  robots += "Disallow: /late\n";
  RobotsSite huge(robots);
  FixtureServer server(huge.args());
  RobotsCache cache(runner_.client(), clock_, "Gazette", true);
  EXPECT_FALSE(check(cache, server.url("/early")).allowed);
  EXPECT_TRUE(check(cache, server.url("/late")).allowed);
  EXPECT_LT(cache.bytes(), std::size_t{4096});
}

}  // namespace
}  // namespace gazette
