// Backing off a whole host when it refuses for load (429 Too Many Requests,
// 503 Service Unavailable): every source and page on it waits, not only the
// source that met the refusal (docs/operations.md, "Hosts that refuse").
// Decides by a Clock (base/clock.h), so a test moves the time by hand.
// Single-threaded, as the HTTP client that owns it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace gazette {

// The first wait after a refusal without Retry-After; it doubles with each
// refusal in a row, up to kHostBackoffMax.
inline constexpr std::int64_t kHostBackoffFirst = 30;
inline constexpr std::int64_t kHostBackoffMax = 3600;
// A Retry-After is honoured up to a day; a longer one waits a day.
inline constexpr std::int64_t kHostRetryAfterMax = 24 * 3600;
// At most this many hosts are remembered (each a few dozen bytes); beyond,
// the ones whose hold ended longest ago are forgotten first.
inline constexpr std::size_t kHostBackoffHosts = 4096;

// What a Retry-After header asks, in seconds from `now`: delta-seconds or an
// HTTP date (RFC 9110 10.2.3). Nullopt when absent or unreadable; a date
// in the past is 0; ten digits or more is "longer than anyone waits" (the
// caller caps it), never an overflow.
std::optional<std::int64_t> retry_after_seconds(std::string_view value, std::int64_t now);

// What the pacer and the backoff call one host: "host:port" (http/http_url.h's
// HttpTarget), so http and https of one name are two hosts, as their
// connection limits are.
std::string host_key(std::string_view host, std::string_view port);

class HostBackoff {
 public:
  explicit HostBackoff(const Clock& clock) : clock_(clock) {}

  // Until when (Unix seconds) `host` asked not to be contacted; 0 when it
  // may be contacted now.
  std::int64_t held_until(const std::string& host);

  // Records an answer of `host`. A 429 or 503 holds the host for its
  // Retry-After (at least a second), else kHostBackoffFirst doubled per
  // refusal in a row (up to kHostBackoffMax); any other status is a normal
  // answer and forgets the host. Returns held_until(host). The hold ends at
  // least the asked seconds after now: the clock counts whole seconds, so
  // one more is added.
  std::int64_t observe(const std::string& host, int status, std::string_view retry_after);

  // Holds `host` for at least `hold` from now without a refusal of its
  // own: another poller sharing the host gate met one (http/shared_host_gate.h).
  // This process's own doubling count is unchanged. Returns held_until(host).
  std::int64_t hold_for(const std::string& host, std::chrono::milliseconds hold);

  // The clock's time (Unix seconds), against which held_until is counted.
  std::int64_t unix_now() const { return clock_.unix_now(); }

  std::size_t hosts() const { return hosts_.size(); }

 private:
  struct State {
    int refusals = 0;         // in a row
    std::int64_t until = 0;   // held until
    std::int64_t forget = 0;  // after this, a refusal counts as the first again
  };
  void make_room(std::int64_t now);
  // The state of `host`, a fresh one when it had none or it was forgotten.
  State& state_of(const std::string& host, std::int64_t now);

  const Clock& clock_;
  std::map<std::string, State> hosts_;
};

}  // namespace gazette
