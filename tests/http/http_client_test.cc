// HttpClient against tests/support/fixture_server.py on 127.0.0.1: plain
// HTTP behaviour and the fault drills.
#include "http/http_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>

#include "base/clock.h"
#include "http/host_backoff.h"
#include "tests/http/test_server.h"

namespace gazette {
namespace {

using namespace std::chrono_literals;
using test_support::FetchRunner;
using test_support::FixtureServer;
using test_support::request_for;
using test_support::server_stats;
using Clock = std::chrono::steady_clock;

HttpClientOptions quick_options() {
  HttpClientOptions o = test_support::loopback_options();
  o.connect_timeout = 2s;
  o.header_timeout = 2s;
  o.total_timeout = 5s;
  return o;
}

std::string fixture_feed(const FixtureServer& server) {
  std::string text =
      test_support::read_file(test_support::tests_dir() / "fixtures/http/feed/index.xml");
  const std::string from = "https://origin.example", to = server.url("");
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

class HttpClientTest : public ::testing::Test {
 protected:
  FixtureServer server;
  FetchRunner runner{quick_options()};
};

TEST_F(HttpClientTest, GetsAFeedDecodedFromGzip) {
  FetchResponse r = runner.fetch(server.url("/feed/"));
  ASSERT_EQ(r.error, FetchError::none) << r.error_message;
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, fixture_feed(server));
  EXPECT_EQ(r.content_type, "application/rss+xml; charset=utf-8");
  EXPECT_FALSE(r.etag.empty());
  EXPECT_FALSE(r.last_modified.empty());
  EXPECT_EQ(r.final_url, server.url("/feed/"));
  EXPECT_TRUE(r.permanent_url.empty());
  // The server gzipped it because we asked: fewer bytes on the wire.
  EXPECT_GT(r.wire_bytes, 0u);
  EXPECT_LT(r.wire_bytes, r.body.size());
  auto log = server.log_lines();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find(R"("Accept-Encoding": "gzip, deflate, br")"), std::string::npos) << log[0];
  EXPECT_NE(log[0].find(R"("User-Agent": "Gazette)"), std::string::npos) << log[0];
}

TEST_F(HttpClientTest, DecodesDeflate) {
  FetchResponse r = runner.fetch(server.url("/_fault/deflate"));
  ASSERT_EQ(r.error, FetchError::none) << r.error_message;
  EXPECT_NE(r.body.find("<title>Drill feed</title>"), std::string::npos) << r.body;
}

TEST_F(HttpClientTest, SendsCustomUserAgentAndAccept) {
  HttpClientOptions o = quick_options();
  o.user_agent = "TestAgent/9";
  FetchRunner custom(o);
  FetchResponse r = custom.fetch(request_for(server.url("/"), "", "", "text/html"));
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_NE(r.body.find("HTTP test site"), std::string::npos);
  auto log = server.log_lines();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find(R"("User-Agent": "TestAgent/9")"), std::string::npos) << log[0];
  EXPECT_NE(log[0].find(R"("Accept": "text/html")"), std::string::npos) << log[0];
}

TEST_F(HttpClientTest, EtagThenNotModified) {
  FetchResponse first = runner.fetch(server.url("/feed/"));
  ASSERT_TRUE(first.ok()) << first.error_message;
  ASSERT_FALSE(first.etag.empty());
  FetchResponse second = runner.fetch(request_for(server.url("/feed/"), first.etag));
  ASSERT_EQ(second.error, FetchError::none) << second.error_message;
  EXPECT_EQ(second.status, 304);
  EXPECT_TRUE(second.not_modified());
  EXPECT_FALSE(second.ok());
  EXPECT_TRUE(second.body.empty());
  auto log = server.log_lines();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].find("If-None-Match"), std::string::npos);
  EXPECT_NE(log[1].find("If-None-Match"), std::string::npos) << log[1];
  // A changed validator gets the whole body again.
  FetchResponse stale = runner.fetch(request_for(server.url("/feed/"), "\"old\""));
  EXPECT_EQ(stale.status, 200);
}

TEST_F(HttpClientTest, LastModifiedThenNotModified) {
  FetchResponse first = runner.fetch(server.url("/feed/"));
  ASSERT_TRUE(first.ok()) << first.error_message;
  FetchResponse second = runner.fetch(request_for(server.url("/feed/"), "", first.last_modified));
  EXPECT_TRUE(second.not_modified()) << second.status << " " << second.error_message;
}

TEST_F(HttpClientTest, ReusesOneConnectionForSequentialFetches) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(runner.fetch(server.url("/feed/")).ok());
  auto stats = server_stats(server);
  EXPECT_EQ(stats["requests"], 3);
  EXPECT_EQ(stats["connections"], 1);
}

TEST(HttpClientPool, RetriesOnceWhenThePooledConnectionWasClosedByTheServer) {
  FixtureServer server({"--keepalive-timeout", "0.1"});
  FetchRunner runner(quick_options());
  ASSERT_TRUE(runner.fetch(server.url("/feed/")).ok());
  std::this_thread::sleep_for(400ms);  // the server drops the idle connection meanwhile
  FetchResponse r = runner.fetch(server.url("/feed/"));
  EXPECT_TRUE(r.ok()) << r.error_message;
  auto stats = server_stats(server);
  EXPECT_EQ(stats["connections"], 2);
  EXPECT_EQ(stats["requests"], 2);
}

TEST_F(HttpClientTest, CloseIdleDropsThePooledConnection) {
  ASSERT_TRUE(runner.fetch(server.url("/feed/")).ok());
  runner.client().close_idle();
  ASSERT_TRUE(runner.fetch(server.url("/feed/")).ok());
  EXPECT_EQ(server_stats(server)["connections"], 2);
}

TEST_F(HttpClientTest, FollowsPermanentRedirects) {
  FetchResponse r = runner.fetch(server.url("/_fault/redirect/2/feed/"));
  ASSERT_EQ(r.error, FetchError::none) << r.error_message;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.redirects, 2);
  EXPECT_EQ(r.final_url, server.url("/feed/"));
  EXPECT_EQ(r.permanent_url, server.url("/feed/"));
  EXPECT_EQ(r.body, fixture_feed(server));
}

TEST_F(HttpClientTest, TemporaryRedirectOnTheWaySetsNoPermanentUrl) {
  FetchResponse r =
      runner.fetch(server.url("/_fault/redirect-permanent/_fault/redirect-temporary/feed/"));
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.redirects, 2);
  EXPECT_EQ(r.final_url, server.url("/feed/"));
  EXPECT_TRUE(r.permanent_url.empty());
  FetchResponse r308 = runner.fetch(server.url("/_fault/redirect-status/308/feed/"));
  ASSERT_TRUE(r308.ok()) << r308.error_message;
  EXPECT_EQ(r308.permanent_url, server.url("/feed/"));
}

TEST_F(HttpClientTest, RedirectLoopIsAnError) {
  FetchResponse r = runner.fetch(server.url("/_fault/redirect-loop"));
  EXPECT_EQ(r.error, FetchError::redirect_loop);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error_message.find("loop"), std::string::npos) << r.error_message;
}

TEST_F(HttpClientTest, TooManyRedirectsIsAnError) {
  FetchResponse five = runner.fetch(server.url("/_fault/redirect/5/feed/"));
  EXPECT_TRUE(five.ok()) << five.error_message;
  FetchResponse six = runner.fetch(server.url("/_fault/redirect/6/feed/"));
  EXPECT_EQ(six.error, FetchError::redirect_loop);
  EXPECT_NE(six.error_message.find("more than 5 redirects"), std::string::npos)
      << six.error_message;
}

TEST_F(HttpClientTest, ErrorStatusesAreResponsesNotErrors) {
  for (int status : {404, 500, 429}) {
    FetchResponse r = runner.fetch(server.url("/_fault/status/" + std::to_string(status)));
    EXPECT_EQ(r.error, FetchError::none) << r.error_message;
    EXPECT_EQ(r.status, status);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.body, "status " + std::to_string(status) + "\n");
  }
}

// A 429 holds the whole host (http/host_backoff.h): the next request to it,
// for any URL, is not sent until the Retry-After has passed.
TEST_F(HttpClientTest, A429HoldsTheHostForItsRetryAfter) {
  ManualClock clock(1'800'000'000);
  HttpClientOptions options = quick_options();
  options.clock = &clock;
  FetchRunner held_runner(options);
  FetchResponse r = held_runner.fetch(server.url("/_fault/retry-after/120"));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.retry_after, "120");
  const std::size_t sent = server.log_lines().size();
  FetchResponse held = held_runner.fetch(server.url("/feed/"));
  EXPECT_EQ(held.error, FetchError::held) << held.error_message;
  EXPECT_EQ(held.status, 0);
  EXPECT_EQ(held.held_until, 1'800'000'000 + 121);
  EXPECT_EQ(server.log_lines().size(), sent);  // nothing reached the server
  clock.advance(120);
  EXPECT_EQ(held_runner.fetch(server.url("/feed/")).error, FetchError::held);
  clock.advance(1);
  EXPECT_TRUE(held_runner.fetch(server.url("/feed/")).ok());
  EXPECT_EQ(server.log_lines().size(), sent + 1);
  // The normal answer forgot the hold: a 503 without Retry-After is a first refusal.
  EXPECT_EQ(held_runner.fetch(server.url("/_fault/status/503")).status, 503);
  EXPECT_EQ(held_runner.fetch(server.url("/feed/")).held_until,
            clock.unix_now() + kHostBackoffFirst + 1);
}

// min_host_delay spaces every request to one host, redirect hops included:
// two fetches of a one-redirect chain are four requests, three gaps.
TEST_F(HttpClientTest, RequestsToOneHostAreSpacedByMinHostDelay) {
  HttpClientOptions options = quick_options();
  options.min_host_delay = 200ms;
  FetchRunner paced(options);
  auto start = std::chrono::steady_clock::now();
  std::vector<FetchResponse> responses =
      paced.fetch_all({request_for(server.url("/_fault/redirect-permanent/feed/")),
                       request_for(server.url("/_fault/redirect-permanent/feed/"))});
  auto elapsed = std::chrono::steady_clock::now() - start;
  for (const FetchResponse& r : responses) EXPECT_TRUE(r.ok()) << r.error_message;
  EXPECT_GE(elapsed, 3 * 200ms);  // a lower bound: the gaps, whatever the machine's speed
}

TEST_F(HttpClientTest, ConnectionResetIsReset) {
  FetchResponse r = runner.fetch(server.url("/_fault/reset"));
  EXPECT_EQ(r.error, FetchError::reset) << r.error_message;
  EXPECT_EQ(r.status, 0);
}

TEST_F(HttpClientTest, ResetOnAPooledConnectionIsStillReported) {
  // The retry for stale pooled connections must not hide a server that resets every time.
  ASSERT_TRUE(runner.fetch(server.url("/feed/")).ok());
  FetchResponse r = runner.fetch(server.url("/_fault/reset"));
  EXPECT_EQ(r.error, FetchError::reset) << r.error_message;
}

TEST_F(HttpClientTest, TruncatedBodyIsTruncated) {
  FetchResponse r = runner.fetch(server.url("/_fault/truncated"));
  EXPECT_EQ(r.error, FetchError::truncated) << r.error_message;
  EXPECT_NE(r.error_message.find("cut short"), std::string::npos) << r.error_message;
}

TEST_F(HttpClientTest, SlowHeadersHitTheHeaderTimeout) {
  HttpClientOptions o = quick_options();
  o.header_timeout = 500ms;
  FetchRunner impatient(o);
  auto start = Clock::now();
  FetchResponse r = impatient.fetch(server.url("/_fault/slow-headers/3"));
  auto took = Clock::now() - start;
  EXPECT_EQ(r.error, FetchError::timeout) << r.error_message;
  EXPECT_EQ(r.error_message, "no response header within 500 ms");
  EXPECT_GE(took, 450ms);
  EXPECT_LT(took, 2s);
}

TEST_F(HttpClientTest, SlowBodyHitsTheTotalTimeout) {
  HttpClientOptions o = quick_options();
  o.total_timeout = 1000ms;
  FetchRunner impatient(o);
  auto start = Clock::now();
  FetchResponse r = impatient.fetch(server.url("/_fault/slow-body/5"));
  auto took = Clock::now() - start;
  EXPECT_EQ(r.error, FetchError::timeout) << r.error_message;
  EXPECT_NE(r.error_message.find("total timeout of 1000 ms"), std::string::npos) << r.error_message;
  EXPECT_GE(took, 900ms);
  EXPECT_LT(took, 2500ms);
}

TEST_F(HttpClientTest, BodyOverTheCapIsTooLarge) {
  HttpClientOptions o = quick_options();
  o.max_body_bytes = 1 << 20;
  FetchRunner capped(o);
  FetchResponse r = capped.fetch(server.url("/_fault/huge/2"));
  EXPECT_EQ(r.error, FetchError::too_large) << r.error_message;
  EXPECT_EQ(r.error_message.rfind("body exceeds 1048576 bytes", 0), 0u) << r.error_message;
  EXPECT_TRUE(capped.fetch(server.url("/feed/")).ok());  // small bodies still pass
}

TEST_F(HttpClientTest, ChunkedBodyIsReadAndCappedWhileStreaming) {
  HttpClientOptions o = quick_options();
  o.max_body_bytes = 100 * 1024;
  FetchRunner capped(o);
  FetchResponse small = capped.fetch(server.url("/_fault/chunked/64"));
  ASSERT_TRUE(small.ok()) << small.error_message;
  EXPECT_EQ(small.body.size(), 64u * 1024);
  EXPECT_EQ(small.body.substr(small.body.size() - 17), "</channel></rss>\n");
  FetchResponse big = capped.fetch(server.url("/_fault/chunked/200"));
  EXPECT_EQ(big.error, FetchError::too_large) << big.error_message;
  EXPECT_EQ(big.error_message, "body exceeds 102400 bytes");
}

TEST_F(HttpClientTest, GzipBombIsTooLarge) {
  HttpClientOptions o = quick_options();
  o.max_decoded_bytes = 4 << 20;
  FetchRunner capped(o);
  FetchResponse r = capped.fetch(server.url("/_fault/gzip-bomb/20"));
  EXPECT_EQ(r.error, FetchError::too_large) << r.error_message;
  EXPECT_EQ(r.error_message, "gzip data inflates past 4194304 bytes");
  EXPECT_LT(r.wire_bytes, 1u << 20);  // the wire was small; the decoding was the problem
}

TEST_F(HttpClientTest, InvalidGzipIsBadEncoding) {
  FetchResponse r = runner.fetch(server.url("/_fault/bad-gzip"));
  EXPECT_EQ(r.error, FetchError::bad_encoding) << r.error_message;
}

TEST_F(HttpClientTest, NotAFeedStillArrivesAsIs) {
  // Deciding what is a feed is the parser's job: the fetch succeeds.
  FetchResponse r = runner.fetch(server.url("/_fault/not-xml"));
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.content_type, "application/rss+xml");
  EXPECT_NE(r.body.find("<!DOCTYPE html>"), std::string::npos);
}

TEST(HttpClientErrors, RefusedPortIsAConnectError) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int port = ntohs(addr.sin_port);
  close(fd);  // nobody listens there now

  FetchRunner runner(quick_options());
  FetchResponse r = runner.fetch("http://127.0.0.1:" + std::to_string(port) + "/feed/");
  EXPECT_EQ(r.error, FetchError::connect);
  EXPECT_EQ(r.error_message, "connect 127.0.0.1:" + std::to_string(port) + ": Connection refused");
}

TEST(HttpClientErrors, BadUrls) {
  FetchRunner runner(quick_options());
  for (const char* url : {"ftp://example.com/feed", "not a url", "/feed/", "http:///x"}) {
    FetchResponse r = runner.fetch(url);
    EXPECT_EQ(r.error, FetchError::bad_url) << url;
    EXPECT_NE(r.error_message.find(url), std::string::npos) << r.error_message;
  }
}

TEST(HttpClientErrors, ToStringNamesEveryKind) {
  EXPECT_STREQ(to_string(FetchError::none), "none");
  EXPECT_STREQ(to_string(FetchError::too_large), "too_large");
  EXPECT_STREQ(to_string(FetchError::bad_encoding), "bad_encoding");
  EXPECT_STREQ(to_string(FetchError::redirect_loop), "redirect_loop");
  EXPECT_STREQ(to_string(FetchError::cancelled), "cancelled");
}

}  // namespace
}  // namespace gazette
