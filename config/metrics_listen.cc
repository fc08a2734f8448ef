#include "config/metrics_listen.h"

#include <fmt/format.h>

#include <boost/url/ipv4_address.hpp>
#include <boost/url/ipv6_address.hpp>
#include <charconv>

namespace gazette {
namespace {

constexpr std::string_view kUnixPrefix = "unix:";

std::optional<std::uint16_t> parse_port(std::string_view digits) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || value == 0 ||
      value > 65535)
    return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

}  // namespace

std::string MetricsListen::text() const {
  if (kind == Kind::unix_socket) return fmt::format("unix:{}", socket_path.string());
  if (address.find(':') != std::string::npos) return fmt::format("[{}]:{}", address, port);
  return fmt::format("{}:{}", address, port);
}

std::optional<MetricsListen> parse_metrics_listen(std::string_view text, std::string& why) {
  MetricsListen listen;
  if (text.substr(0, kUnixPrefix.size()) == kUnixPrefix) {
    std::string_view path = text.substr(kUnixPrefix.size());
    if (path.empty() || path[0] != '/') {
      why = fmt::format("\"{}\": the socket path must be absolute", text);
      return std::nullopt;
    }
    if (path.find('\0') != std::string_view::npos) {
      why = "the socket path must not contain a NUL character";
      return std::nullopt;
    }
    if (path.size() > kMaxSocketPath) {
      why = fmt::format("the socket path is {} bytes long; a Unix socket's is at most {}",
                        path.size(), kMaxSocketPath);
      return std::nullopt;
    }
    if (path.back() == '/') {
      why = fmt::format("\"{}\" names a directory, not a socket file", text);
      return std::nullopt;
    }
    listen.kind = MetricsListen::Kind::unix_socket;
    listen.socket_path = std::filesystem::path(path);
    return listen;
  }

  std::string_view host;
  std::string_view port;
  if (!text.empty() && text[0] == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      why = fmt::format("\"{}\" is not [IPv6]:port", text);
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      why = fmt::format("\"{}\" has no :port (write e.g. \"127.0.0.1:9464\" or \"unix:/path\")",
                        text);
      return std::nullopt;
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  auto port_number = parse_port(port);
  if (!port_number) {
    why = fmt::format("\"{}\": \"{}\" is not a port (1-65535)", text, port);
    return std::nullopt;
  }
  bool loopback = false;
  if (auto v4 = boost::urls::parse_ipv4_address(host)) {
    loopback = v4->to_bytes()[0] == 127;
  } else if (auto v6 = boost::urls::parse_ipv6_address(host)) {
    loopback = v6->is_loopback();
  } else {
    why = fmt::format(
        "\"{}\" is not an IP address: write the loopback address itself (127.0.0.1 or ::1), "
        "not a name, which could resolve to any address",
        host);
    return std::nullopt;
  }
  if (!loopback) {
    why = fmt::format(
        "\"{}\" is not a loopback address: the endpoint has no authentication, so it listens "
        "only on 127.0.0.0/8, ::1 or a unix: socket",
        host);
    return std::nullopt;
  }
  listen.address = std::string(host);
  listen.port = *port_number;
  return listen;
}

}  // namespace gazette
