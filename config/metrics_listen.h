// [metrics] listen: where the daemon serves /metrics and /healthz. Only a
// loopback address or a Unix socket: the endpoint has no authentication,
// and what it tells (how many sources fail, how fast) is for the operator.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace gazette {

struct MetricsListen {
  enum class Kind { tcp, unix_socket };
  Kind kind = Kind::tcp;
  std::string address;  // tcp: a loopback IP as text, "127.0.0.1" or "::1"
  std::uint16_t port = 0;
  std::filesystem::path socket_path;  // unix_socket: absolute
  // "127.0.0.1:9464", "[::1]:9464" or "unix:/run/gazette/metrics.sock".
  std::string text() const;
};

struct MetricsSettings {
  std::optional<MetricsListen> listen;  // nullopt: no endpoint (the default)
};

// The longest Unix socket path the kernel takes (sun_path holds 108 bytes
// with the terminating NUL).
inline constexpr std::size_t kMaxSocketPath = 107;

// Parses "IP:port", "[IPv6]:port" or "unix:/absolute/path". The IP must be
// written as an address (a name could resolve anywhere) and be loopback
// (127.0.0.0/8 or ::1). On failure, nullopt and `why` says what is wrong.
std::optional<MetricsListen> parse_metrics_listen(std::string_view text, std::string& why);

}  // namespace gazette
