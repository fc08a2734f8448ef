// HttpClient through tests/support/proxy_server.py (CONNECT and absolute
// form) in front of fixture_server.py, all on 127.0.0.1; Brotli bodies from
// the fixture server; and how client_options() picks the proxy from the
// config and the environment. The proxy only ever connects to 127.0.0.1.
#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "http/client_options.h"
#include "http/http_client.h"
#include "tests/http/test_server.h"

namespace gazette {
namespace {

using namespace std::chrono_literals;
using test_support::FetchRunner;
using test_support::FixtureServer;
using test_support::request_for;
using test_support::test_pki;

FixtureServer proxy_server(std::vector<std::string> args = {}) {
  return FixtureServer(std::move(args), "proxy_server.py");
}

FixtureServer tls_server() {
  return FixtureServer(
      {"--tls", (test_pki() / "server.crt").string(), (test_pki() / "server.key").string()});
}

ProxyServer proxy_at(const FixtureServer& proxy, const std::string& credentials = "") {
  std::string why;
  auto server =
      parse_proxy_url("http://" + credentials + "127.0.0.1:" + std::to_string(proxy.port()), why);
  if (!server) throw std::runtime_error(why);
  return *server;
}

// Loopback allowed (both families: "localhost" may resolve to ::1 as well,
// and through a proxy every address of a name must be allowed), the test CA
// trusted, everything through `proxy`.
HttpClientOptions via(const FixtureServer& proxy, const std::string& credentials = "") {
  HttpClientOptions o;
  PrivateAllowance loopback;
  std::string why;
  loopback.networks.push_back(*parse_ip_network("127.0.0.0/8", why));
  loopback.networks.push_back(*parse_ip_network("::1", why));
  o.addresses = AddressPolicy(loopback);
  o.connect_timeout = 3s;
  o.header_timeout = 3s;
  o.total_timeout = 6s;
  o.ca_file = (test_pki() / "ca.crt").string();
  o.proxy.http.server = proxy_at(proxy, credentials);
  o.proxy.https.server = o.proxy.http.server;
  return o;
}

std::string fixture_feed(const std::string& origin) {
  std::string text =
      test_support::read_file(test_support::tests_dir() / "fixtures/http/feed/index.xml");
  const std::string from = "https://origin.example";
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + origin.size()))
    text.replace(at, from.size(), origin);
  return text;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(HttpProxy, HttpsGoesThroughAConnectTunnelWithTlsToTheOrigin) {
  FixtureServer proxy = proxy_server();
  FixtureServer origin = tls_server();
  FetchRunner runner(via(proxy));
  // By name: CONNECT localhost:PORT, then SNI and the certificate check for
  // "localhost" against the test CA, end to end through the tunnel.
  const std::string url = origin.url("/feed/", "https", "localhost");
  FetchResponse r = runner.fetch(url);
  ASSERT_EQ(r.error, FetchError::none) << r.error_message;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, fixture_feed(origin.url("", "https")));  // the server names itself by IP
  auto log = proxy.log_lines();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_TRUE(contains(log[0], R"("method": "CONNECT")")) << log[0];
  EXPECT_TRUE(contains(log[0], "\"target\": \"localhost:" + std::to_string(origin.port()) + "\""))
      << log[0];
  ASSERT_EQ(origin.log_lines().size(), 1u);
  // A conditional request through the same tunnel, kept alive.
  FetchResponse again = runner.fetch(request_for(url, r.etag));
  EXPECT_TRUE(again.not_modified()) << again.status << " " << again.error_message;
  EXPECT_EQ(proxy.log_lines().size(), 1u);
}

TEST(HttpProxy, HttpTargetsGoAsAbsoluteFormRequests) {
  FixtureServer proxy = proxy_server();
  FixtureServer origin;
  FetchRunner runner(via(proxy));
  FetchResponse r = runner.fetch(origin.url("/feed/"));
  ASSERT_EQ(r.error, FetchError::none) << r.error_message;
  EXPECT_EQ(r.body, fixture_feed(origin.url("")));
  EXPECT_LT(r.wire_bytes, r.body.size());  // gzip passed through the proxy, decoded here
  auto log = proxy.log_lines();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_TRUE(contains(log[0], "\"target\": \"" + origin.url("/feed/") + "\"")) << log[0];
  // Conditional requests and redirects behave as without a proxy.
  FetchResponse second = runner.fetch(request_for(origin.url("/feed/"), r.etag));
  EXPECT_TRUE(second.not_modified()) << second.status << " " << second.error_message;
  FetchResponse moved = runner.fetch(origin.url("/_fault/redirect/2/feed/"));
  ASSERT_TRUE(moved.ok()) << moved.error_message;
  EXPECT_EQ(moved.redirects, 2);
  EXPECT_EQ(moved.final_url, origin.url("/feed/"));
  EXPECT_EQ(proxy.log_lines().size(), 5u);
  EXPECT_EQ(origin.log_lines().size(), 5u);
}

TEST(HttpProxy, SizeCapsApplyThroughTheProxy) {
  FixtureServer proxy = proxy_server();
  FixtureServer origin;
  HttpClientOptions o = via(proxy);
  o.max_decoded_bytes = 1 << 20;
  FetchRunner runner(o);
  FetchResponse r = runner.fetch(origin.url("/_fault/gzip-bomb/8"));
  EXPECT_EQ(r.error, FetchError::too_large) << r.error_message;
}

TEST(HttpProxy, CredentialsGoInProxyAuthorization) {
  FixtureServer proxy = proxy_server({"--auth", "gazette:s3cret"});
  FixtureServer plain;
  FixtureServer secure = tls_server();
  FetchRunner runner(via(proxy, "gazette:s3cret@"));
  EXPECT_TRUE(runner.fetch(plain.url("/feed/")).ok());
  FetchResponse r = runner.fetch(secure.url("/feed/", "https"));
  EXPECT_TRUE(r.ok()) << r.error_message;
  for (const std::string& line : proxy.log_lines())
    EXPECT_TRUE(contains(line, R"("auth": "ok")")) << line;
  // Never to the origin: Proxy-Authorization is for the proxy.
  for (const std::string& line : plain.log_lines())
    EXPECT_FALSE(contains(line, "Proxy-Authorization")) << line;
}

TEST(HttpProxy, AProxyAsking407IsAProxyErrorWithContext) {
  FixtureServer proxy = proxy_server({"--auth", "gazette:s3cret"});
  FixtureServer plain;
  FixtureServer secure = tls_server();
  const std::string display = "http://127.0.0.1:" + std::to_string(proxy.port());
  {
    FetchRunner runner(via(proxy));
    FetchResponse https = runner.fetch(secure.url("/feed/", "https"));
    EXPECT_EQ(https.error, FetchError::proxy);
    EXPECT_EQ(https.status, 0);
    EXPECT_EQ(https.error_message,
              "proxy " + display + " (CONNECT 127.0.0.1:" + std::to_string(secure.port()) +
                  ") refused the tunnel with status 407 Proxy Authentication Required: the proxy "
                  "URL has no credentials (http://user:password@host:port) for " +
                  secure.url("/feed/", "https"));
    FetchResponse http = runner.fetch(plain.url("/feed/"));
    EXPECT_EQ(http.error, FetchError::proxy);
    EXPECT_EQ(http.error_message, "proxy " + display +
                                      " refused the request with status 407: the proxy URL has "
                                      "no credentials (http://user:password@host:port) for " +
                                      plain.url("/feed/"));
    EXPECT_EQ(describe(http).rfind("proxy: proxy http://", 0), 0u) << describe(http);
  }
  FetchRunner wrong(via(proxy, "gazette:wrong@"));
  FetchResponse r = wrong.fetch(secure.url("/feed/", "https"));
  EXPECT_EQ(r.error, FetchError::proxy);
  EXPECT_TRUE(contains(r.error_message, "did not accept the credentials")) << r.error_message;
  EXPECT_FALSE(contains(r.error_message, "wrong")) << r.error_message;  // the password
  EXPECT_TRUE(plain.log_lines().empty());
  EXPECT_TRUE(secure.log_lines().empty());
}

TEST(HttpProxy, AProxyThatDeniesConnectIsAProxyError) {
  FixtureServer proxy = proxy_server({"--deny"});
  FixtureServer secure = tls_server();
  FixtureServer plain;
  FetchRunner runner(via(proxy));
  FetchResponse r = runner.fetch(secure.url("/feed/", "https"));
  EXPECT_EQ(r.error, FetchError::proxy);
  EXPECT_TRUE(contains(r.error_message, "refused the tunnel with status 403 Forbidden for " +
                                            secure.url("/feed/", "https")))
      << r.error_message;
  // Through the absolute form a 403 may be the site's own: it stays HTTP 403.
  FetchResponse http = runner.fetch(plain.url("/feed/"));
  EXPECT_EQ(http.error, FetchError::none) << http.error_message;
  EXPECT_EQ(http.status, 403);
}

TEST(HttpProxy, NoProxyGoesDirect) {
  FixtureServer proxy = proxy_server();
  FixtureServer plain;
  FixtureServer secure = tls_server();
  HttpClientOptions o = via(proxy);
  ASSERT_FALSE(o.proxy.no_proxy.add("127.0.0.1"));
  FetchRunner runner(o);
  EXPECT_TRUE(runner.fetch(plain.url("/feed/")).ok());
  FetchResponse r = runner.fetch(secure.url("/feed/", "https"));
  EXPECT_TRUE(r.ok()) << r.error_message;
  EXPECT_TRUE(proxy.log_lines().empty());
  EXPECT_EQ(plain.log_lines().size(), 1u);
}

TEST(HttpProxy, AddressPolicyStillRefusesThroughTheProxy) {
  FixtureServer proxy = proxy_server();
  FixtureServer origin;
  FixtureServer other;
  HttpClientOptions o = via(proxy);
  o.addresses = AddressPolicy();  // nothing but trusted origins may be loopback
  FetchRunner runner(o);
  runner.client().trust_origin(origin.url("/"));
  // The source itself (trusted) goes through.
  EXPECT_TRUE(runner.fetch(origin.url("/feed/")).ok());
  // A redirect to another loopback origin is refused before the proxy is asked.
  FetchResponse r = runner.fetch(
      origin.url("/_fault/redirect-loopback/" + std::to_string(other.port()) + "/feed/"));
  EXPECT_EQ(r.error, FetchError::refused) << r.error_message;
  EXPECT_TRUE(contains(r.error_message, "127.0.0.1 (loopback) for http://127.0.0.1:" +
                                            std::to_string(other.port()) + "/feed/"))
      << r.error_message;
  // So is a literal private address, with no DNS and no packet anywhere.
  FetchResponse literal = runner.fetch("http://10.1.2.3/feed/");
  EXPECT_EQ(literal.error, FetchError::refused) << literal.error_message;
  FetchResponse literal_tls = runner.fetch("https://[fd00::1]/feed/");
  EXPECT_EQ(literal_tls.error, FetchError::refused) << literal_tls.error_message;
  EXPECT_EQ(proxy.log_lines().size(), 2u);  // the feed and the first hop of the redirect
  EXPECT_TRUE(other.log_lines().empty());
}

TEST(HttpProxy, UnreachableOrUnusableProxyIsAProxyError) {
  FixtureServer origin;
  HttpClientOptions o;
  {
    FixtureServer gone = proxy_server();
    o = via(gone);
  }  // stopped: nothing listens on its port now
  FetchRunner runner(o);
  FetchResponse r = runner.fetch(origin.url("/feed/"));
  EXPECT_EQ(r.error, FetchError::proxy);
  EXPECT_TRUE(contains(r.error_message, "connect proxy " + o.proxy.http.server->display +
                                            ": Connection refused for " + origin.url("/feed/")))
      << r.error_message;

  HttpClientOptions unusable = o;
  unusable.proxy.http.server.reset();
  unusable.proxy.http.problem = "http_proxy \"socks5://127.0.0.1:1\" has scheme \"socks5\"";
  FetchRunner refusing(unusable);
  FetchResponse u = refusing.fetch(origin.url("/feed/"));
  EXPECT_EQ(u.error, FetchError::proxy);
  EXPECT_TRUE(contains(u.error_message, "socks5")) << u.error_message;
  EXPECT_TRUE(origin.log_lines().empty());
}

TEST(HttpBrotli, AFeedSentWithContentEncodingBrIsDecoded) {
  FixtureServer origin;
  FetchRunner runner(test_support::loopback_options());
  FetchResponse r = runner.fetch(origin.url("/_fault/brotli/feed/"));
  ASSERT_EQ(r.error, FetchError::none) << r.error_message;
  EXPECT_EQ(r.body, fixture_feed(origin.url("")));
  EXPECT_LT(r.wire_bytes, r.body.size());
}

TEST(HttpBrotli, BombStopsAtMaxDecodedBytes) {
  FixtureServer origin;
  HttpClientOptions o = test_support::loopback_options();
  o.max_decoded_bytes = 1 << 20;
  FetchRunner runner(o);
  FetchResponse r = runner.fetch(origin.url("/_fault/brotli-bomb/16"));
  EXPECT_EQ(r.error, FetchError::too_large) << r.error_message;
  EXPECT_EQ(r.error_message, "br data inflates past 1048576 bytes");
}

// --- proxy_settings(): the config, else the environment ------------------

ProxySettings settings(const FetchSettings& fetch, std::map<std::string, std::string> env) {
  return proxy_settings(fetch, [&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

TEST(ProxySettingsFromEnvironment, HttpsAndHttpProxiesAndNoProxy) {
  ProxySettings s = settings({}, {{"https_proxy", "http://u:p@proxy.example:3128"},
                                  {"HTTP_PROXY", "proxy.example:8080"},
                                  {"NO_PROXY", "localhost,.corp.example"}});
  ASSERT_TRUE(s.https.server);
  EXPECT_EQ(s.https.server->display, "http://proxy.example:3128");
  EXPECT_EQ(s.https.server->user, "u");
  ASSERT_TRUE(s.http.server);
  EXPECT_EQ(s.http.server->port, "8080");
  EXPECT_EQ(s.route_for(true, "wiki.corp.example", "443"), nullptr);
  EXPECT_EQ(s.route_for(true, "news.example", "443"), &s.https);
}

TEST(ProxySettingsFromEnvironment, LowerCaseWinsAndEmptyMeansUnset) {
  ProxySettings s = settings({}, {{"https_proxy", "http://lower.example:1"},
                                  {"HTTPS_PROXY", "http://upper.example:2"},
                                  {"http_proxy", ""},
                                  {"no_proxy", ""},
                                  {"NO_PROXY", "*"}});
  ASSERT_TRUE(s.https.server);
  EXPECT_EQ(s.https.server->host, "lower.example");
  EXPECT_FALSE(s.http.server);
  EXPECT_EQ(s.route_for(true, "news.example", "443"), nullptr);  // NO_PROXY=*
  EXPECT_EQ(settings({}, {}).route_for(true, "news.example", "443"), nullptr);
}

TEST(ProxySettingsFromEnvironment, AnUnusableValueFailsInsteadOfGoingDirect) {
  ProxySettings s = settings({}, {{"https_proxy", "socks5://user:hunter2@proxy.example:1080"}});
  ASSERT_NE(s.route_for(true, "news.example", "443"), nullptr);
  EXPECT_FALSE(s.https.server);
  EXPECT_TRUE(contains(s.https.problem, "https_proxy \"socks5://***@proxy.example:1080\""))
      << s.https.problem;
  EXPECT_FALSE(contains(s.https.problem, "hunter2"));
}

TEST(ProxySettingsFromEnvironment, TheConfigWinsKeyByKey) {
  FetchSettings fetch;
  fetch.proxy = "http://configured.example:3128";
  const std::map<std::string, std::string> env = {{"https_proxy", "http://env.example:1"},
                                                  {"no_proxy", "news.example"}};
  ProxySettings s = settings(fetch, env);
  ASSERT_TRUE(s.http.server && s.https.server);
  EXPECT_EQ(s.https.server->host, "configured.example");
  EXPECT_EQ(s.http.server->host, "configured.example");
  EXPECT_EQ(s.route_for(true, "news.example", "443"), nullptr);  // the environment's no_proxy
  fetch.no_proxy = std::vector<std::string>{"other.example"};
  EXPECT_NE(settings(fetch, env).route_for(true, "news.example", "443"), nullptr);
  fetch.proxy = "";  // no proxy at all, whatever the environment says
  EXPECT_EQ(settings(fetch, env).route_for(true, "elsewhere.example", "443"), nullptr);
}

}  // namespace
}  // namespace gazette
