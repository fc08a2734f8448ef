// The one check for http(s) URLs, canonical source URLs, CIDR networks and
// [fetch] allow_private.
#include "base/web_url.h"

#include <gtest/gtest.h>

#include <string>

#include "config/config.h"
#include "config/ip_network.h"

namespace gazette {
namespace {

std::string problem(const std::string& url) { return http_url_problem(url).value_or(""); }

TEST(HttpUrlProblem, AcceptsHttpUrlsInAnyCase) {
  for (const char* url :
       {"http://example.org/a", "HTTPS://Example.ORG/a", "hTTp://h:8080/", "http://h:/a",
        "http://h:65535/", "http://h:1/", "http://h:0080/", "http://h/a#top", "http://[::1]:8080/",
        "https://h/a?b=c@d", "http://h/a@b"})
    EXPECT_EQ(problem(url), "") << url;
}

TEST(HttpUrlProblem, RefusesPortsOutsideOneTo65535WithoutWrapping) {
  EXPECT_EQ(problem("http://h:99999/a"), "has port 99999, out of range (1-65535)");
  EXPECT_EQ(problem("http://h:65536/a"), "has port 65536, out of range (1-65535)");
  EXPECT_EQ(problem("http://h:0/a"), "has port 0, out of range (1-65535)");
  EXPECT_EQ(problem("http://h:000/a"), "has port 000, out of range (1-65535)");
  EXPECT_EQ(problem("https://h:18446744073709551617/"),
            "has port 18446744073709551617, out of range (1-65535)");
  EXPECT_EQ(problem("http://h:0000000000000000000000080/"), "");  // 80, however written
  // Boost.URL reads these as a port followed by a path without "/".
  EXPECT_EQ(problem("http://h:abc/"),
            "has a port that is not a number (it must be from 1 to 65535)");
  EXPECT_EQ(problem("http://h:8a/x"),
            "has a port that is not a number (it must be from 1 to 65535)");
}

TEST(HttpUrlProblem, RefusesCredentials) {
  for (const char* url :
       {"http://user:secret@h/", "https://user@h/a", "http://@h/", "http://:p@h/"})
    EXPECT_EQ(problem(url),
              "contains credentials (user:password@), which Gazette does not send: "
              "remove them")
        << url;
}

TEST(HttpUrlProblem, RefusesWhatIsNotAnAbsoluteHttpUrl) {
  EXPECT_EQ(problem("example.org/a"), "is not an absolute http(s) URL");
  EXPECT_EQ(problem("/feed.xml"), "is not an absolute http(s) URL");
  EXPECT_EQ(problem(""), "is not an absolute http(s) URL");
  EXPECT_EQ(problem("ftp://h/"), "is not an absolute http(s) URL (the scheme is \"ftp\")");
  EXPECT_EQ(problem("file:///etc/passwd"),
            "is not an absolute http(s) URL (the scheme is \"file\")");
  EXPECT_EQ(problem("javascript:alert(1)"),
            "is not an absolute http(s) URL (the scheme is \"javascript\")");
  EXPECT_EQ(problem("http:///a"), "is not an absolute http(s) URL (no host)");
  EXPECT_EQ(problem("http:a"), "is not an absolute http(s) URL (no host)");
}

TEST(CanonicalHttpUrl, SchemeHostCaseAndDefaultPort) {
  EXPECT_EQ(canonical_http_url("HTTP://Example.ORG:80/a"), "http://example.org/a");
  EXPECT_EQ(canonical_http_url("HTTPS://H:443/a"), "https://h/a");
  EXPECT_EQ(canonical_http_url("http://h/a"), "http://h/a");
  EXPECT_EQ(canonical_http_url("http://h:/a"), "http://h/a");
  EXPECT_EQ(canonical_http_url("http://h:0080/a"), "http://h/a");
  EXPECT_EQ(canonical_http_url("http://h:08080/a"), "http://h:8080/a");
  EXPECT_EQ(canonical_http_url("http://h:443/a"), "http://h:443/a");  // not http's default
  EXPECT_EQ(canonical_http_url("https://h:80/a"), "https://h:80/a");
  EXPECT_EQ(canonical_http_url("http://[::1]:80/a"), "http://[::1]/a");
  // Path, query and fragment are the server's business: untouched.
  EXPECT_EQ(canonical_http_url("http://H/A/%7e/../B?Q=%2F#F"), "http://h/A/%7e/../B?Q=%2F#F");
}

TEST(UrlForLog, HidesUserInfo) {
  EXPECT_EQ(url_for_log("http://user:secret@h/a"), "http://***@h/a");
  EXPECT_EQ(url_for_log("https://user:se@cret@h:8443"), "https://***@h:8443");
  EXPECT_EQ(url_for_log("http://h/a@b"), "http://h/a@b");
  EXPECT_EQ(url_for_log("http://h/?u=a@b"), "http://h/?u=a@b");
  EXPECT_EQ(url_for_log("not a url"), "not a url");
  EXPECT_EQ(url_for_log("weird://u:p@h^^/"), "weird://***@h^^/");
}

TEST(IpNetwork, ParsesStrictCidr) {
  std::string why;
  auto n = parse_ip_network("10.0.0.0/8", why);
  ASSERT_TRUE(n) << why;
  EXPECT_EQ(n->text(), "10.0.0.0/8");
  EXPECT_EQ(parse_ip_network("192.168.1.20", why)->text(), "192.168.1.20/32");
  EXPECT_EQ(parse_ip_network("fd00::/8", why)->text(), "fd00::/8");
  EXPECT_EQ(parse_ip_network("::1", why)->text(), "::1/128");
  EXPECT_EQ(parse_ip_network("0.0.0.0/0", why)->text(), "0.0.0.0/0");

  EXPECT_FALSE(parse_ip_network("10.0.0.5/8", why));
  EXPECT_EQ(why, "10.0.0.5/8 has bits set after the prefix (the network is 10.0.0.0/8)");
  EXPECT_FALSE(parse_ip_network("10.0.0.0/33", why));
  EXPECT_EQ(why, "prefix length /33 is out of range (0-32)");
  EXPECT_FALSE(parse_ip_network("fd00::/129", why));
  EXPECT_FALSE(parse_ip_network("10.0.0.0/", why));
  EXPECT_FALSE(parse_ip_network("10.0.0.0/8x", why));
  // Spellings that mean 127.0.0.1 to inet_aton are not addresses here.
  for (const char* odd : {"0177.0.0.1", "0x7f.0.0.1", "127.1", "2130706433", "fe80::1%eth0"}) {
    EXPECT_FALSE(parse_ip_network(odd, why)) << odd;
    EXPECT_NE(why.find("is not an IP address"), std::string::npos) << why;
  }
}

TEST(IpNetwork, Contains) {
  std::string why;
  IpNetwork net = *parse_ip_network("172.16.0.0/12", why);
  auto address = [&](const char* text) { return parse_ip_network(text, why)->address; };
  EXPECT_TRUE(net.contains(address("172.16.0.0")));
  EXPECT_TRUE(net.contains(address("172.31.255.255")));
  EXPECT_FALSE(net.contains(address("172.32.0.0")));
  EXPECT_FALSE(net.contains(address("172.15.255.255")));
  EXPECT_FALSE(net.contains(address("::ffff:172.16.0.1")));  // another family
  IpNetwork v6 = *parse_ip_network("fe80::/10", why);
  EXPECT_TRUE(v6.contains(address("febf:ffff::1")));
  EXPECT_FALSE(v6.contains(address("fec0::1")));
  EXPECT_TRUE(parse_ip_network("::/0", why)->contains(address("2001:db8::1")));
}

TEST(AllowPrivate, NetworksAddressesAndHostNames) {
  Config config = parse_config(R"(
[fetch]
allow_private = ["10.0.0.0/8", "192.168.1.20", "fd00::/8", "Wiki.Corp.Example", "localhost"]
)",
                               "gazette.toml");
  const PrivateAllowance& allow = config.fetch.allow_private;
  ASSERT_EQ(allow.networks.size(), 3u);
  EXPECT_EQ(allow.networks[0].text(), "10.0.0.0/8");
  EXPECT_EQ(allow.networks[1].text(), "192.168.1.20/32");
  EXPECT_EQ(allow.networks[2].text(), "fd00::/8");
  EXPECT_EQ(allow.hosts, (std::vector<std::string>{"wiki.corp.example", "localhost"}));
  EXPECT_TRUE(parse_config("", "gazette.toml").fetch.allow_private.empty());
}

TEST(AllowPrivate, BadEntriesNameTheEntry) {
  for (const char* entry :
       {"10.0.0.1/8", "10.0.0.0/40", "2130706433", "0x7f.1", "127.1", "0177.0.0.1", "http://wiki/",
        "wiki:8080", "-wiki", "wiki..corp", "wiki.corp.", "", "*.corp.example", "wiki corp"}) {
    try {
      parse_config(std::string("[fetch]\nallow_private = [\"") + entry + "\"]\n", "gazette.toml");
      ADD_FAILURE() << entry << " accepted";
    } catch (const ConfigError& e) {
      std::string message = e.what();
      EXPECT_EQ(
          message.rfind("gazette.toml:2: fetch.allow_private: \"" + std::string(entry) + "\": ", 0),
          0u)
          << message;
    }
  }
}

std::string config_error(const std::string& text) {
  try {
    parse_config(text, "gazette.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigSourceUrls, StoredCanonical) {
  Config config = parse_config(R"(
[[feed]]
url = "HTTP://News.Example:80/feed.xml"
[[page]]
url = "https://News.Example:443/Front"
[[page]]
url = "http://news.example:8080/"
)",
                               "gazette.toml");
  ASSERT_EQ(config.sources.size(), 3u);
  EXPECT_EQ(config.sources[0].url, "http://news.example/feed.xml");
  EXPECT_EQ(config.sources[1].url, "https://news.example/Front");
  EXPECT_EQ(config.sources[2].url, "http://news.example:8080/");
}

TEST(ConfigSourceUrls, OneSourceHoweverTheUrlIsSpelled) {
  std::string message = config_error(R"(
[[feed]]
url = "http://h/a"
[[feed]]
url = "HTTP://H:80/a"
)");
  EXPECT_EQ(message,
            "gazette.toml:5: feed[2].url: http://h/a is already listed at line 3 (feed[1].url)");
}

TEST(ConfigSourceUrls, PortsAndCredentials) {
  EXPECT_EQ(config_error("[[feed]]\nurl = \"http://h:99999/a\"\n"),
            "gazette.toml:2: feed[1].url: \"http://h:99999/a\" has port 99999, out of range "
            "(1-65535)");
  EXPECT_EQ(config_error("[[feed]]\nurl = \"http://h:0/a\"\n"),
            "gazette.toml:2: feed[1].url: \"http://h:0/a\" has port 0, out of range (1-65535)");
  std::string message = config_error("[[feed]]\nurl = \"https://reader:hunter2@h/a\"\n");
  EXPECT_EQ(message,
            "gazette.toml:2: feed[1].url: \"https://***@h/a\" contains credentials "
            "(user:password@), which Gazette does not send: remove them");
  EXPECT_EQ(message.find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace gazette
