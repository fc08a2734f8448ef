// IP networks in CIDR notation ("10.0.0.0/8", "fd00::/8", or one address),
// as written in [fetch] allow_private and in the table of special-purpose
// address ranges the HTTP client refuses (http/http_address_policy.h).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace gazette {

// An IPv4 or IPv6 address as bytes: IPv4 in the first 4, in network order.
struct IpBytes {
  bool v6 = false;
  std::array<unsigned char, 16> bytes{};
};

struct IpNetwork {
  IpBytes address;  // host bits zero
  int prefix = 0;   // 0-32 for IPv4, 0-128 for IPv6

  // Whether `a` is inside (an IPv4 network never contains an IPv6 address,
  // IPv4-mapped ones included: callers unwrap those).
  bool contains(const IpBytes& a) const;
  std::string text() const;  // "10.0.0.0/8"
};

// Strict: IPv4 only as four decimal numbers (no octal, hex or short forms,
// which mean different things to different parsers), IPv6 as RFC 4291 text
// without a zone; an optional /prefix; no host bits set after the prefix.
// On failure, nullopt and `why` says what is wrong.
std::optional<IpNetwork> parse_ip_network(std::string_view text, std::string& why);

}  // namespace gazette
