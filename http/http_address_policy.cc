#include "http/http_address_policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace gazette {
namespace {

struct SpecialRange {
  IpNetwork network;
  std::string what;
};

// First match wins: narrower ranges before the ones that contain them.
std::vector<SpecialRange> parse_ranges(
    std::initializer_list<std::pair<std::string_view, std::string_view>> table) {
  std::vector<SpecialRange> out;
  for (auto [cidr, what] : table) {
    std::string why;
    auto network = parse_ip_network(cidr, why);
    if (!network) throw std::logic_error(fmt::format("special range {}: {}", cidr, why));
    out.push_back({*network, std::string(what)});
  }
  return out;
}

// IANA IPv4 Special-Purpose Address Registry (RFC 6890 and updates), the
// whole of each block, whatever its "globally reachable" column says of
// parts of it: no news site lives there.
const std::vector<SpecialRange>& ipv4_ranges() {
  static const std::vector<SpecialRange> ranges = parse_ranges({
      {"0.0.0.0/8", "\"this network\""},  // 0.0.0.0 connects to the local host on Linux
      {"10.0.0.0/8", "private"},
      {"100.64.0.0/10", "shared address space (carrier-grade NAT)"},
      {"127.0.0.0/8", "loopback"},
      {"169.254.0.0/16", "link-local"},
      {"172.16.0.0/12", "private"},
      {"192.0.0.0/24", "IETF protocol assignments"},
      {"192.0.2.0/24", "documentation"},
      {"192.88.99.0/24", "6to4 relay anycast (deprecated)"},
      {"192.168.0.0/16", "private"},
      {"198.18.0.0/15", "benchmarking"},
      {"198.51.100.0/24", "documentation"},
      {"203.0.113.0/24", "documentation"},
      {"224.0.0.0/4", "multicast"},
      {"255.255.255.255/32", "broadcast"},
      {"240.0.0.0/4", "reserved"},
  });
  return ranges;
}

// IANA IPv6 Special-Purpose Address Registry, plus the rule that only
// 2000::/3 is global unicast (RFC 4291): anything outside it that the table
// does not name is reserved.
const std::vector<SpecialRange>& ipv6_ranges() {
  static const std::vector<SpecialRange> ranges = parse_ranges({
      {"::/128", "unspecified"},
      {"::1/128", "loopback"},
      {"::/96", "IPv4-compatible (deprecated)"},
      {"64:ff9b:1::/48", "local-use NAT64"},
      {"100::/64", "discard-only"},
      {"2001::/32", "Teredo"},
      {"2001:db8::/32", "documentation"},
      {"2001::/23", "IETF protocol assignments"},
      {"3fff::/20", "documentation"},
      {"fc00::/7", "unique local (private)"},
      {"fe80::/10", "link-local"},
      {"fec0::/10", "site-local (deprecated)"},
      {"ff00::/8", "multicast"},
  });
  return ranges;
}

// IPv6 prefixes whose addresses carry an IPv4 address, and where in them.
struct Embedding {
  IpNetwork prefix;
  std::string name;
  int offset;  // of the IPv4 address's first byte
};

const std::vector<Embedding>& ipv4_embeddings() {
  static const std::vector<Embedding> embeddings = [] {
    std::vector<Embedding> out;
    for (auto [cidr, name, offset] :
         {std::tuple{"::ffff:0:0/96", "IPv4-mapped", 12}, std::tuple{"64:ff9b::/96", "NAT64", 12},
          std::tuple{"2002::/16", "6to4", 2}}) {
      std::string why;
      auto network = parse_ip_network(cidr, why);
      if (!network) throw std::logic_error(fmt::format("embedding {}: {}", cidr, why));
      out.push_back({*network, name, offset});
    }
    return out;
  }();
  return embeddings;
}

IpBytes bytes_of(const boost::asio::ip::address& a) {
  IpBytes out;
  if (a.is_v4()) {
    auto b = a.to_v4().to_bytes();
    std::copy(b.begin(), b.end(), out.bytes.begin());
  } else {
    out.v6 = true;
    auto b = a.to_v6().to_bytes();
    std::copy(b.begin(), b.end(), out.bytes.begin());
  }
  return out;
}

std::optional<std::string> match(const std::vector<SpecialRange>& ranges, const IpBytes& b) {
  for (const SpecialRange& r : ranges)
    if (r.network.contains(b)) return r.what;
  return std::nullopt;
}

// The IPv4 address an IPv6 address carries, with the name of the scheme.
std::optional<std::pair<IpBytes, std::string>> embedded_ipv4(const IpBytes& b) {
  if (!b.v6) return std::nullopt;
  for (const Embedding& e : ipv4_embeddings())
    if (e.prefix.contains(b)) {
      IpBytes v4;
      std::copy(b.bytes.begin() + e.offset, b.bytes.begin() + e.offset + 4, v4.bytes.begin());
      return std::pair{v4, e.name};
    }
  return std::nullopt;
}

std::string ipv4_text(const IpBytes& b) {
  return fmt::format("{}.{}.{}.{}", b.bytes[0], b.bytes[1], b.bytes[2], b.bytes[3]);
}

std::optional<std::string> classify(const IpBytes& b) {
  if (!b.v6) return match(ipv4_ranges(), b);
  if (auto inner = embedded_ipv4(b)) {
    if (auto what = match(ipv4_ranges(), inner->first))
      return fmt::format("{} {}, {}", inner->second, ipv4_text(inner->first), *what);
    return std::nullopt;
  }
  if (auto what = match(ipv6_ranges(), b)) return what;
  if ((b.bytes[0] & 0xe0) != 0x20) return "reserved (not global unicast)";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> special_purpose(const boost::asio::ip::address& a) {
  return classify(bytes_of(a));
}

void AddressPolicy::trust_origin_of(std::string_view url) {
  if (auto target = parse_http_target(url)) trusted_origins_.insert(target->pool_key);
}

bool AddressPolicy::exempt(const HttpTarget& target) const {
  return trusted_origins_.count(target.pool_key) > 0 ||
         std::find(allow_.hosts.begin(), allow_.hosts.end(), target.host) != allow_.hosts.end();
}

std::optional<std::string> AddressPolicy::refusal(const boost::asio::ip::address& a) const {
  const IpBytes b = bytes_of(a);
  std::optional<std::string> what = classify(b);
  if (!what) return std::nullopt;
  auto inner = embedded_ipv4(b);
  for (const IpNetwork& n : allow_.networks)
    if (n.contains(b) || (inner && n.contains(inner->first))) return std::nullopt;
  return fmt::format("{} ({})", a.to_string(), *what);
}

}  // namespace gazette
