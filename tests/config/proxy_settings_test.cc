// Proxy URLs and no_proxy lists as config/proxy_settings.h reads them: pure
// text, nothing here connects anywhere.
#include "config/proxy_settings.h"

#include <gtest/gtest.h>

#include "config/config.h"

namespace gazette {
namespace {

ProxyServer parsed(std::string_view text) {
  std::string why;
  auto proxy = parse_proxy_url(text, why);
  if (!proxy) ADD_FAILURE() << text << ": " << why;
  return proxy.value_or(ProxyServer{});
}

std::string problem(std::string_view text) {
  std::string why;
  if (parse_proxy_url(text, why)) return "(accepted)";
  return why;
}

TEST(ProxyUrl, HostPortAndCredentials) {
  ProxyServer p = parsed("http://user:s3cret@Proxy.Example:3128");
  EXPECT_EQ(p.host, "proxy.example");
  EXPECT_EQ(p.port, "3128");
  EXPECT_EQ(p.user, "user");
  EXPECT_EQ(p.password, "s3cret");
  EXPECT_TRUE(p.has_credentials());
  EXPECT_EQ(p.display, "http://proxy.example:3128");
}

TEST(ProxyUrl, CredentialsArePercentDecoded) {
  ProxyServer p = parsed("http://us%40er:p%3Ass%2Fw@proxy.example:8080/");
  EXPECT_EQ(p.user, "us@er");
  EXPECT_EQ(p.password, "p:ss/w");
  EXPECT_EQ(p.display, "http://proxy.example:8080");
}

TEST(ProxyUrl, SchemeIsOptionalAndPortDefaultsTo80) {
  ProxyServer bare = parsed("proxy.example:3128");
  EXPECT_EQ(bare.host, "proxy.example");
  EXPECT_EQ(bare.port, "3128");
  EXPECT_FALSE(bare.has_credentials());
  EXPECT_EQ(parsed("HTTP://proxy.example").port, "80");
  EXPECT_EQ(parsed("  http://proxy.example:03128/ ").port, "3128");
}

TEST(ProxyUrl, IpAddresses) {
  EXPECT_EQ(parsed("http://127.0.0.1:3128").host, "127.0.0.1");
  ProxyServer v6 = parsed("http://[::1]:3128");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.display, "http://[::1]:3128");
}

TEST(ProxyUrl, RefusesWhatItCannotUse) {
  EXPECT_NE(problem("https://proxy.example:443").find("TLS to the proxy itself"),
            std::string::npos);
  EXPECT_NE(problem("socks5://proxy.example:1080").find("only http:// proxies"), std::string::npos);
  EXPECT_NE(problem("http://proxy.example:99999").find("out of range"), std::string::npos);
  EXPECT_NE(problem("http://proxy.example:0").find("out of range"), std::string::npos);
  EXPECT_NE(problem("http://proxy.example:3128/path").find("has a path"), std::string::npos);
  EXPECT_NE(problem("http://proxy.example:3128?x=1").find("query"), std::string::npos);
  EXPECT_NE(problem("http://:3128"), "(accepted)");
  EXPECT_NE(problem("http://bad host:3128"), "(accepted)");
  EXPECT_NE(problem(""), "(accepted)");
}

TEST(ProxyUrl, MessagesNeverCarryTheCredentials) {
  EXPECT_EQ(problem("https://user:hunter2@proxy.example").find("hunter2"), std::string::npos);
  EXPECT_EQ(proxy_url_for_log("http://user:hunter2@proxy.example:3128"),
            "http://***@proxy.example:3128");
  EXPECT_EQ(proxy_url_for_log("user:hunter2@proxy.example:3128"), "http://***@proxy.example:3128");
}

NoProxy list(std::initializer_list<std::string_view> entries) {
  NoProxy n;
  for (auto e : entries) {
    auto why = n.add(e);
    EXPECT_FALSE(why) << e << ": " << why.value_or("");
  }
  return n;
}

TEST(NoProxy, DomainMatchesItselfAndNamesUnderItOnly) {
  for (std::string_view entry : {"example.org", ".example.org", "*.example.org", "EXAMPLE.ORG."}) {
    NoProxy n = list({entry});
    EXPECT_TRUE(n.matches("example.org", "443")) << entry;
    EXPECT_TRUE(n.matches("news.Example.org", "80")) << entry;
    EXPECT_TRUE(n.matches("a.b.example.org.", "80")) << entry;
    EXPECT_FALSE(n.matches("badexample.org", "80")) << entry;
    EXPECT_FALSE(n.matches("example.org.evil.net", "80")) << entry;
    EXPECT_FALSE(n.matches("org", "80")) << entry;
  }
}

TEST(NoProxy, PortLimitsAName) {
  NoProxy n = list({"intranet.example:8080"});
  EXPECT_TRUE(n.matches("intranet.example", "8080"));
  EXPECT_TRUE(n.matches("wiki.intranet.example", "08080"));
  EXPECT_FALSE(n.matches("intranet.example", "80"));
}

TEST(NoProxy, StarMatchesEverything) {
  NoProxy n = list({"*"});
  EXPECT_TRUE(n.matches("anything.example", "443"));
  EXPECT_TRUE(n.matches("192.0.2.1", "80"));
}

TEST(NoProxy, AddressesAndNetworksMatchIpHostsOnly) {
  NoProxy n = list({"127.0.0.1", "10.0.0.0/8", "[::1]", "fd00::/8"});
  EXPECT_TRUE(n.matches("127.0.0.1", "80"));
  EXPECT_FALSE(n.matches("127.0.0.2", "80"));
  EXPECT_TRUE(n.matches("10.20.30.40", "443"));
  EXPECT_TRUE(n.matches("::1", "443"));
  EXPECT_TRUE(n.matches("[::1]", "443"));
  EXPECT_TRUE(n.matches("fd12:3456::1", "443"));
  EXPECT_FALSE(n.matches("fe80::1", "443"));
  // Names are not resolved to decide, so "localhost" is not 127.0.0.1 here.
  EXPECT_FALSE(n.matches("localhost", "80"));
  // And a name entry never matches an address.
  EXPECT_FALSE(list({"example.org"}).matches("192.0.2.1", "80"));
}

TEST(NoProxy, EnvironmentListsAreCommaOrSpaceSeparatedAndSkipBadEntries) {
  NoProxy n;
  std::vector<std::string> skipped;
  n.add_list(" localhost, .corp.example  10.0.0.0/8,,bad/99 ,", &skipped);
  EXPECT_TRUE(n.matches("localhost", "80"));
  EXPECT_TRUE(n.matches("wiki.corp.example", "80"));
  EXPECT_TRUE(n.matches("10.1.1.1", "80"));
  EXPECT_FALSE(n.matches("example.org", "80"));
  EXPECT_EQ(skipped, std::vector<std::string>{"bad/99"});
  EXPECT_TRUE(NoProxy().empty());
}

TEST(NoProxy, RefusesEntriesThatAreNothing) {
  NoProxy n;
  EXPECT_TRUE(n.add(""));
  EXPECT_TRUE(n.add("10.0.0.1/8"));  // host bits set: a typo, not a name
  EXPECT_TRUE(n.add("exa mple.org"));
  EXPECT_TRUE(n.add("example.org:99999"));
  EXPECT_TRUE(n.add("[::1"));
  EXPECT_TRUE(n.empty());
}

TEST(ProxySettings, RouteForFollowsSchemeAndNoProxy) {
  ProxySettings s;
  s.https.server = parsed("http://proxy.example:3128");
  s.no_proxy.add("intranet.example");
  EXPECT_EQ(s.route_for(true, "news.example", "443"), &s.https);
  EXPECT_EQ(s.route_for(false, "news.example", "80"), nullptr);  // no http proxy
  EXPECT_EQ(s.route_for(true, "intranet.example", "443"), nullptr);
  s.http.problem = "http_proxy \"socks5://x\" has scheme \"socks5\"";
  EXPECT_EQ(s.route_for(false, "news.example", "80"), &s.http);  // fails, never goes around
}

TEST(ProxySettings, DescribedWithoutCredentials) {
  ProxySettings s;
  EXPECT_EQ(describe(s), "");
  s.https.server = parsed("http://user:hunter2@proxy.example:3128");
  s.https.setting = "https_proxy";
  EXPECT_EQ(describe(s), "https via http://proxy.example:3128 (https_proxy), http direct");
  s.http.problem = "http_proxy \"socks5://proxy.example\" has scheme \"socks5\"";
  s.no_proxy.add("localhost");
  EXPECT_EQ(describe(s),
            "https via http://proxy.example:3128 (https_proxy), http unusable (http_proxy "
            "\"socks5://proxy.example\" has scheme \"socks5\"), no_proxy set");
}

TEST(ProxyConfig, ReadFromFetchAndChecked) {
  Config c = parse_config(
      "[fetch]\nproxy = \"http://u:p@proxy.example:3128\"\nno_proxy = [\"localhost\", "
      "\"10.0.0.0/8\"]\n",
      "t.toml");
  EXPECT_EQ(c.fetch.proxy, "http://u:p@proxy.example:3128");
  ASSERT_TRUE(c.fetch.no_proxy);
  EXPECT_EQ(c.fetch.no_proxy->size(), 2u);
  Config none = parse_config("[fetch]\nproxy = \"\"\n", "t.toml");
  EXPECT_EQ(none.fetch.proxy, "");
  EXPECT_FALSE(none.fetch.no_proxy);
  EXPECT_FALSE(parse_config("", "t.toml").fetch.proxy);
}

TEST(ProxyConfig, BadValuesAreErrorsWithTheLineAndWithoutThePassword) {
  try {
    parse_config("[fetch]\n\nproxy = \"https://u:hunter2@proxy.example\"\n", "t.toml");
    ADD_FAILURE() << "accepted";
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("t.toml:3"), std::string::npos) << what;
    EXPECT_NE(what.find("fetch.proxy"), std::string::npos) << what;
    EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
  }
  EXPECT_THROW(parse_config("[fetch]\nno_proxy = [\"10.0.0.1/8\"]\n", "t.toml"), ConfigError);
  EXPECT_THROW(parse_config("[fetch]\nno_proxy = \"localhost\"\n", "t.toml"), ConfigError);
}

}  // namespace
}  // namespace gazette
