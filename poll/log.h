// Logging to stderr, one line an event.
//
// Under systemd (JOURNAL_STREAM set) each line starts with a journald
// priority prefix "<N>" and carries no timestamp: the journal adds its own.
// Elsewhere each line starts with a local ISO-8601 timestamp and the level.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace gazette {

enum class LogLevel { error = 3, warning = 4, notice = 5, info = 6, debug = 7 };

// Lines above this level are dropped. Default: info.
void set_log_level(LogLevel level);
LogLevel log_level();

void log_line(LogLevel level, std::string_view message);

template <typename... Args>
void log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
  if (static_cast<int>(level) > static_cast<int>(log_level())) return;
  log_line(level, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace gazette
