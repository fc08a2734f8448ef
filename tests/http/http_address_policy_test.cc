// The address policy: which addresses a fetch may connect to. The classifier
// and the exemption decision are tested on values alone (no connection is
// made to any of these addresses); the HTTP client's use of it only against
// the fixture server on 127.0.0.1.
#include "http/http_address_policy.h"

#include <gtest/gtest.h>
#include <netdb.h>

#include <boost/asio/ip/address.hpp>
#include <string>
#include <vector>

#include "tests/http/test_server.h"

namespace gazette {
namespace {

using boost::asio::ip::make_address;
using test_support::FetchRunner;
using test_support::FixtureServer;

std::optional<std::string> kind_of(const std::string& address) {
  return special_purpose(make_address(address));
}

PrivateAllowance allowance(std::vector<std::string> entries) {
  PrivateAllowance allow;
  for (const std::string& e : entries) {
    auto why = add_allow_private_entry(e, allow);
    EXPECT_FALSE(why) << e << ": " << why.value_or("");
  }
  return allow;
}

HttpTarget target(const std::string& url) {
  auto t = parse_http_target(url);
  EXPECT_TRUE(t) << url;
  return t.value_or(HttpTarget{});
}

TEST(SpecialPurpose, EveryIpv4SpecialRangeFromEndToEnd) {
  struct Case {
    const char* first;
    const char* last;
    const char* kind;
  };
  // IANA IPv4 Special-Purpose Address Registry, each block at both ends.
  for (const Case& c : std::vector<Case>{
           {"0.0.0.0", "0.255.255.255", "this network"},
           {"10.0.0.0", "10.255.255.255", "private"},
           {"100.64.0.0", "100.127.255.255", "shared address space"},
           {"127.0.0.0", "127.255.255.255", "loopback"},
           {"169.254.0.0", "169.254.255.255", "link-local"},
           {"172.16.0.0", "172.31.255.255", "private"},
           {"192.0.0.0", "192.0.0.255", "IETF protocol assignments"},
           {"192.0.2.0", "192.0.2.255", "documentation"},
           {"192.88.99.0", "192.88.99.255", "6to4 relay"},
           {"192.168.0.0", "192.168.255.255", "private"},
           {"198.18.0.0", "198.19.255.255", "benchmarking"},
           {"198.51.100.0", "198.51.100.255", "documentation"},
           {"203.0.113.0", "203.0.113.255", "documentation"},
           {"224.0.0.0", "239.255.255.255", "multicast"},
           {"240.0.0.0", "255.255.255.254", "reserved"},
           {"255.255.255.255", "255.255.255.255", "broadcast"},
       }) {
    for (const char* a : {c.first, c.last}) {
      auto kind = kind_of(a);
      ASSERT_TRUE(kind) << a << " taken for public";
      EXPECT_NE(kind->find(c.kind), std::string::npos) << a << ": " << *kind;
    }
  }
}

TEST(SpecialPurpose, Ipv4NeighboursOfTheRangesArePublic) {
  for (const char* a :
       {"1.0.0.0",         "9.255.255.255",  "11.0.0.0",        "100.63.255.255", "100.128.0.0",
        "126.255.255.255", "128.0.0.0",      "169.253.255.255", "169.255.0.0",    "172.15.255.255",
        "172.32.0.0",      "192.0.1.0",      "192.0.3.0",       "192.88.98.255",  "192.167.255.255",
        "192.169.0.0",     "198.17.255.255", "198.20.0.0",      "203.0.112.255",  "223.255.255.255",
        "8.8.8.8",         "93.184.216.34"})
    EXPECT_FALSE(kind_of(a)) << a << ": " << kind_of(a).value_or("");
}

TEST(SpecialPurpose, Ipv6SpecialRanges) {
  struct Case {
    const char* address;
    const char* kind;
  };
  for (const Case& c : std::vector<Case>{
           {"::", "unspecified"},
           {"::1", "loopback"},
           {"::a00:5", "IPv4-compatible"},
           {"::7f00:1", "IPv4-compatible"},
           {"64:ff9b:1::1", "local-use NAT64"},
           {"100::1", "discard-only"},
           {"2001::1", "Teredo"},
           {"2001:2::1", "IETF protocol assignments"},
           {"2001:1ff:ffff::1", "IETF protocol assignments"},
           {"2001:db8::1", "documentation"},
           {"3fff::1", "documentation"},
           {"fc00::1", "unique local"},
           {"fdff:ffff::1", "unique local"},
           {"fe80::1", "link-local"},
           {"febf:ffff::1", "link-local"},
           {"fec0::1", "site-local"},
           {"ff02::1", "multicast"},
           {"ff0e::1", "multicast"},
           {"4000::1", "not global unicast"},
           {"1::1", "not global unicast"},
           {"5f00::1", "not global unicast"},
           {"::ffff:0:a00:1", "not global unicast"},  // IPv4-translated, RFC 2765
       }) {
    auto kind = kind_of(c.address);
    ASSERT_TRUE(kind) << c.address << " taken for public";
    EXPECT_NE(kind->find(c.kind), std::string::npos) << c.address << ": " << *kind;
  }
  for (const char* a : {"2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450::1",
                        "2001:200::1", "3ffe::1", "2620:4f:8000::1"})
    EXPECT_FALSE(kind_of(a)) << a << ": " << kind_of(a).value_or("");
}

TEST(SpecialPurpose, Ipv6CarryingAnIpv4AddressIsJudgedByIt) {
  struct Case {
    const char* address;
    const char* kind;
  };
  for (const Case& c : std::vector<Case>{
           {"::ffff:127.0.0.1", "IPv4-mapped 127.0.0.1, loopback"},
           {"::ffff:10.0.0.5", "IPv4-mapped 10.0.0.5, private"},
           {"::ffff:169.254.169.254", "IPv4-mapped 169.254.169.254, link-local"},
           {"64:ff9b::10.0.0.5", "NAT64 10.0.0.5, private"},
           {"64:ff9b::7f00:1", "NAT64 127.0.0.1, loopback"},
           {"2002:a9fe:a9fe::1", "6to4 169.254.169.254, link-local"},
           {"2002:c0a8:0101::", "6to4 192.168.1.1, private"},
           {"2002:7f00:1::1", "6to4 127.0.0.1, loopback"},
       }) {
    auto kind = kind_of(c.address);
    ASSERT_TRUE(kind) << c.address << " taken for public";
    EXPECT_EQ(*kind, c.kind) << c.address;
  }
  for (const char* a : {"::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
    EXPECT_FALSE(kind_of(a)) << a << ": " << kind_of(a).value_or("");
}

// What the system resolver makes of numeric host spellings, with
// AI_NUMERICHOST: parsed locally, no DNS query, nothing sent. The client
// checks the address the resolver returns, so each of these is loopback.
TEST(SpecialPurpose, OddNumericSpellingsResolveToWhatIsChecked) {
  for (const char* host : {"2130706433", "0x7f.1", "0177.0.0.1", "0x7f000001", "127.1"}) {
    addrinfo hints{};
    hints.ai_flags = AI_NUMERICHOST;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    ASSERT_EQ(getaddrinfo(host, "80", &hints, &found), 0) << host;
    char text[INET6_ADDRSTRLEN] = "";
    const auto* in = reinterpret_cast<const sockaddr_in*>(found->ai_addr);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    freeaddrinfo(found);
    EXPECT_STREQ(text, "127.0.0.1") << host;
    EXPECT_EQ(kind_of(text).value_or(""), "loopback") << host;
  }
}

TEST(AddressPolicy, RefusesEverySpecialAddressByDefault) {
  AddressPolicy policy;
  EXPECT_EQ(policy.refusal(make_address("10.0.0.5")).value_or(""), "10.0.0.5 (private)");
  EXPECT_EQ(policy.refusal(make_address("169.254.169.254")).value_or(""),
            "169.254.169.254 (link-local)");
  EXPECT_EQ(policy.refusal(make_address("::1")).value_or(""), "::1 (loopback)");
  EXPECT_EQ(policy.refusal(make_address("::ffff:127.0.0.1")).value_or(""),
            "::ffff:127.0.0.1 (IPv4-mapped 127.0.0.1, loopback)");
  EXPECT_FALSE(policy.refusal(make_address("93.184.216.34")));
  EXPECT_FALSE(policy.exempt(target("http://127.0.0.1:8080/")));
}

TEST(AddressPolicy, AllowPrivateNetworksLetTheirAddressesThrough) {
  AddressPolicy policy(allowance({"10.0.0.0/8", "192.168.1.20", "fd00::/8"}));
  EXPECT_FALSE(policy.refusal(make_address("10.0.0.5")));
  EXPECT_FALSE(policy.refusal(make_address("10.255.255.255")));
  EXPECT_FALSE(policy.refusal(make_address("::ffff:10.1.2.3")));  // the same host, mapped
  EXPECT_FALSE(policy.refusal(make_address("192.168.1.20")));
  EXPECT_FALSE(policy.refusal(make_address("fd12:3456::1")));
  EXPECT_TRUE(policy.refusal(make_address("192.168.1.21")));
  EXPECT_TRUE(policy.refusal(make_address("127.0.0.1")));
  EXPECT_TRUE(policy.refusal(make_address("169.254.169.254")));
  EXPECT_TRUE(policy.refusal(make_address("fe80::1")));
  EXPECT_TRUE(policy.refusal(make_address("fc00::1")));  // fc00::/8 is not fd00::/8
}

TEST(AddressPolicy, SourceOriginsAreExemptAndNothingElse) {
  AddressPolicy policy;
  policy.trust_origin_of("http://127.0.0.1:8080/feed.xml");
  policy.trust_origin_of("HTTPS://Intranet.Example/news/");
  policy.trust_origin_of("not a url");  // ignored
  // The same origin, however the URL spells it.
  EXPECT_TRUE(policy.exempt(target("http://127.0.0.1:8080/other/page")));
  EXPECT_TRUE(policy.exempt(target("HTTP://127.0.0.1:08080/x?y#z")));
  EXPECT_TRUE(policy.exempt(target("https://intranet.example:443/a")));
  EXPECT_TRUE(policy.exempt(target("https://INTRANET.example/robots.txt")));
  // Another scheme, port or host is another origin.
  EXPECT_FALSE(policy.exempt(target("https://127.0.0.1:8080/")));
  EXPECT_FALSE(policy.exempt(target("http://127.0.0.1:8081/")));
  EXPECT_FALSE(policy.exempt(target("http://127.0.0.1/")));
  EXPECT_FALSE(policy.exempt(target("http://127.0.0.2:8080/")));
  EXPECT_FALSE(policy.exempt(target("http://localhost:8080/")));
  EXPECT_FALSE(policy.exempt(target("http://2130706433:8080/")));
  EXPECT_FALSE(policy.exempt(target("http://intranet.example/a")));
  EXPECT_FALSE(policy.exempt(target("https://www.intranet.example/a")));
}

TEST(AddressPolicy, AllowPrivateHostNamesAreExemptOnAnyPort) {
  AddressPolicy policy(allowance({"Wiki.Corp.Example", "localhost"}));
  EXPECT_TRUE(policy.exempt(target("http://wiki.corp.example/")));
  EXPECT_TRUE(policy.exempt(target("https://WIKI.corp.example:8443/a")));
  EXPECT_TRUE(policy.exempt(target("http://localhost:631/")));
  EXPECT_FALSE(policy.exempt(target("http://corp.example/")));
  EXPECT_FALSE(policy.exempt(target("http://evil.wiki.corp.example/")));
  EXPECT_FALSE(policy.exempt(target("http://127.0.0.1/")));
}

// --- the HTTP client, against fixture servers on 127.0.0.1 only ----------

HttpClientOptions quick(AddressPolicy policy) {
  HttpClientOptions o;
  o.connect_timeout = std::chrono::seconds(2);
  o.header_timeout = std::chrono::seconds(2);
  o.total_timeout = std::chrono::seconds(5);
  o.addresses = std::move(policy);
  return o;
}

TEST(AddressPolicyClient, RedirectToAnotherLoopbackOriginIsRefusedBeforeConnecting) {
  FixtureServer source, other;
  FetchRunner runner(quick(AddressPolicy()));
  runner.client().trust_origin(source.url("/feed/"));
  const std::string start =
      source.url("/_fault/redirect-loopback/" + std::to_string(other.port()) + "/feed/");
  FetchResponse r = runner.fetch(start);
  EXPECT_EQ(r.error, FetchError::refused) << r.error_message;
  EXPECT_EQ(r.error_message, "127.0.0.1 (loopback) for " + other.url("/feed/") +
                                 " reached by redirect from " + start);
  EXPECT_TRUE(other.log_lines().empty()) << other.log_lines().front();

  FetchResponse same = runner.fetch(source.url("/_fault/redirect-temporary/feed/"));
  EXPECT_TRUE(same.ok()) << same.error_message;
  EXPECT_EQ(same.final_url, source.url("/feed/"));
}

TEST(AddressPolicyClient, AllowPrivateLetsTheRedirectThrough) {
  FixtureServer source, other;
  FetchRunner runner(quick(AddressPolicy(allowance({"127.0.0.0/8"}))));
  runner.client().trust_origin(source.url("/"));
  FetchResponse r = runner.fetch(
      source.url("/_fault/redirect-loopback/" + std::to_string(other.port()) + "/feed/"));
  EXPECT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.final_url, other.url("/feed/"));
  EXPECT_EQ(other.log_lines().size(), 1u);
}

TEST(AddressPolicyClient, NumericSpellingsOfLoopbackAreRefused) {
  FixtureServer server;
  FetchRunner runner(quick(AddressPolicy()));
  runner.client().trust_origin(server.url("/"));  // 127.0.0.1:PORT, spelled as such
  const std::string port = std::to_string(server.port());
  for (const std::string host :
       {"2130706433", "0x7f.1", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]"}) {
    FetchResponse r = runner.fetch("http://" + host + ":" + port + "/feed/");
    EXPECT_EQ(r.error, FetchError::refused) << host << ": " << r.error_message;
    EXPECT_NE(r.error_message.find("loopback"), std::string::npos) << r.error_message;
  }
  EXPECT_TRUE(server.log_lines().empty());
}

TEST(AddressPolicyClient, BadPortsInARedirectAreRefusedNotWrapped) {
  FixtureServer server;
  FetchRunner runner(quick(AddressPolicy()));
  runner.client().trust_origin(server.url("/"));
  // 65536 + the server's port would wrap to it.
  FetchResponse r = runner.fetch(
      server.url("/_fault/redirect-loopback/" + std::to_string(65536 + server.port()) + "/feed/"));
  EXPECT_EQ(r.error, FetchError::bad_url) << r.error_message;
  EXPECT_NE(r.error_message.find("out of range (1-65535)"), std::string::npos) << r.error_message;
  EXPECT_EQ(server.log_lines().size(), 1u);  // the redirect only
}

}  // namespace
}  // namespace gazette
