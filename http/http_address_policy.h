// Which addresses a fetch may connect to. Redirects, followed links and
// discovered feeds come from documents anyone can write: left unchecked they
// reach the operator's loopback services, the LAN and cloud metadata
// endpoints (169.254.169.254). So every connection to an address that is not
// public is refused, except for
//   - the origins (scheme, host and port) of configured sources: the
//     operator chose them, and a local site's own pages live there;
//   - [fetch] allow_private: networks (checked on the address) and host
//     names (checked on the URL's host).
// The HTTP client applies it to the addresses a name resolves to, right
// before connecting, so a name that resolves differently later (DNS
// rebinding) gains nothing, and so do numeric spellings such as
// http://2130706433/ or http://0x7f.1/, which the resolver turns into
// 127.0.0.1.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "config/config.h"
#include "http/http_url.h"

namespace gazette {

// What kind of special-purpose address `a` is ("loopback", "private",
// "link-local", ...; IANA's IPv4 and IPv6 special-purpose registries), or
// nullopt for a public one. IPv6 addresses that carry an IPv4 address
// (IPv4-mapped, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by it.
std::optional<std::string> special_purpose(const boost::asio::ip::address& a);

class AddressPolicy {
 public:
  // Refuses every special-purpose address not in `allow`; trusts no origin
  // until told.
  AddressPolicy() = default;
  explicit AddressPolicy(PrivateAllowance allow) : allow_(std::move(allow)) {}

  // Trusts the origin of `url` (a configured or added source). Ignored when
  // `url` is not an http(s) URL.
  void trust_origin_of(std::string_view url);

  // Whether a request to `target` may connect to any address: its origin is
  // trusted, or its host is an allow_private host name.
  bool exempt(const HttpTarget& target) const;

  // For a request that is not exempt: why it may not connect to `a`
  // ("10.0.0.5 (private)"), or nullopt when it may.
  std::optional<std::string> refusal(const boost::asio::ip::address& a) const;

 private:
  PrivateAllowance allow_;
  std::set<std::string> trusted_origins_;  // HttpTarget::pool_key form
};

}  // namespace gazette
