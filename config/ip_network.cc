#include "config/ip_network.h"

#include <fmt/format.h>

#include <boost/url/ipv4_address.hpp>
#include <boost/url/ipv6_address.hpp>
#include <charconv>

namespace gazette {
namespace {

int bits_of(const IpBytes& a) { return a.v6 ? 128 : 32; }

// Whether bit `i` (0 = the most significant of the first byte) is set.
bool bit(const IpBytes& a, int i) { return (a.bytes[i / 8] >> (7 - i % 8)) & 1; }

}  // namespace

bool IpNetwork::contains(const IpBytes& a) const {
  if (a.v6 != address.v6) return false;
  const int whole = prefix / 8;
  for (int i = 0; i < whole; ++i)
    if (a.bytes[i] != address.bytes[i]) return false;
  for (int i = whole * 8; i < prefix; ++i)
    if (bit(a, i) != bit(address, i)) return false;
  return true;
}

std::string IpNetwork::text() const {
  if (!address.v6)
    return fmt::format("{}.{}.{}.{}/{}", address.bytes[0], address.bytes[1], address.bytes[2],
                       address.bytes[3], prefix);
  boost::urls::ipv6_address::bytes_type b;
  std::copy(address.bytes.begin(), address.bytes.end(), b.begin());
  return fmt::format("{}/{}", boost::urls::ipv6_address(b).to_string(), prefix);
}

std::optional<IpNetwork> parse_ip_network(std::string_view text, std::string& why) {
  std::string_view address_text = text;
  std::optional<int> prefix;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    address_text = text.substr(0, slash);
    std::string_view digits = text.substr(slash + 1);
    int value = -1;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
      why = fmt::format("\"{}\" is not a prefix length", digits);
      return std::nullopt;
    }
    prefix = value;
  }
  IpNetwork network;
  if (auto v4 = boost::urls::parse_ipv4_address(address_text)) {
    auto b = v4->to_bytes();
    std::copy(b.begin(), b.end(), network.address.bytes.begin());
  } else if (auto v6 = boost::urls::parse_ipv6_address(address_text)) {
    network.address.v6 = true;
    auto b = v6->to_bytes();
    std::copy(b.begin(), b.end(), network.address.bytes.begin());
  } else {
    why = fmt::format(
        "\"{}\" is not an IP address (IPv4 as four decimal numbers such as 10.0.0.0, or IPv6)",
        address_text);
    return std::nullopt;
  }
  const int bits = bits_of(network.address);
  network.prefix = prefix.value_or(bits);
  if (network.prefix < 0 || network.prefix > bits) {
    why = fmt::format("prefix length /{} is out of range (0-{})", network.prefix, bits);
    return std::nullopt;
  }
  for (int i = network.prefix; i < bits; ++i)
    if (bit(network.address, i)) {
      IpNetwork masked = network;
      for (int j = network.prefix; j < bits; ++j)
        masked.address.bytes[j / 8] &= static_cast<unsigned char>(~(1u << (7 - j % 8)));
      why =
          fmt::format("{} has bits set after the prefix (the network is {})", text, masked.text());
      return std::nullopt;
    }
  return network;
}

}  // namespace gazette
