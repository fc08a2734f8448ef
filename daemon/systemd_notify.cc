#include "daemon/systemd_notify.h"

#include <fmt/format.h>
#include <systemd/sd-daemon.h>
#include <time.h>

#include <cstdint>
#include <string>

namespace gazette::systemd {

void notify_ready() { sd_notify(0, "READY=1"); }
void notify_reloading() {
  struct timespec now {};
  clock_gettime(CLOCK_MONOTONIC, &now);
  std::uint64_t usec = static_cast<std::uint64_t>(now.tv_sec) * 1'000'000u +
                       static_cast<std::uint64_t>(now.tv_nsec) / 1000u;
  sd_notify(0, fmt::format("RELOADING=1\nMONOTONIC_USEC={}", usec).c_str());
}
void notify_stopping() { sd_notify(0, "STOPPING=1"); }
void notify_watchdog() { sd_notify(0, "WATCHDOG=1"); }

void notify_status(std::string_view status) {
  std::string message = "STATUS=";
  message.append(status);
  sd_notify(0, message.c_str());
}

std::optional<std::chrono::microseconds> watchdog_interval() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) return std::chrono::microseconds(usec / 2);
  return std::nullopt;
}

}  // namespace gazette::systemd
