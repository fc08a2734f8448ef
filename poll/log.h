// Logging to stderr, one line an event.
//
// Under systemd (JOURNAL_STREAM names stderr) each line starts with a journald
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

// Whether `journal_stream` (the JOURNAL_STREAM value systemd sets, "DEVICE:INODE")
// names the stream `fd` is: the log writes journald prefixes only when stderr
// still is the journal's stream, not merely when the variable is inherited.
bool journal_stream_is(std::string_view journal_stream, int fd);

template <typename... Args>
void log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
  if (static_cast<int>(level) > static_cast<int>(log_level())) return;
  log_line(level, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace gazette
