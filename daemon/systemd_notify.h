// Talking to systemd for Type=notify services. Every call is a no-op when
// the process was not started by systemd (NOTIFY_SOCKET unset).
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace gazette::systemd {

void notify_ready();
// A reload begins ("RELOADING=1" with MONOTONIC_USEC, which Type=notify-reload
// requires); notify_ready() ends it.
void notify_reloading();
void notify_stopping();
void notify_status(std::string_view status);
void notify_watchdog();

// The interval at which to ping the watchdog (half of WatchdogSec), if enabled.
std::optional<std::chrono::microseconds> watchdog_interval();

}  // namespace gazette::systemd
