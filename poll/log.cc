#include "poll/log.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "feeds/text_controls.h"

namespace gazette {

bool journal_stream_is(std::string_view journal_stream, int fd) {
  // "DEVICE:INODE", both decimal (sd_journal_stream_fd(3), systemd.exec(5)).
  std::size_t colon = journal_stream.find(':');
  if (colon == std::string_view::npos) return false;
  unsigned long long device = 0, inode = 0;
  auto parse = [](std::string_view text, unsigned long long& out) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size() && !text.empty();
  };
  if (!parse(journal_stream.substr(0, colon), device) ||
      !parse(journal_stream.substr(colon + 1), inode))
    return false;
  struct stat st {};
  if (fstat(fd, &st) != 0) return false;
  return static_cast<unsigned long long>(st.st_dev) == device &&
         static_cast<unsigned long long>(st.st_ino) == inode;
}

namespace {

std::atomic<LogLevel> g_level{LogLevel::info};

// systemd sets JOURNAL_STREAM to "device:inode" of the stream it connected to
// stderr. Only trust it when stderr is still that stream (a child of a
// service that redirects stderr elsewhere must not emit prefixes).
bool stderr_is_journal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  return stream != nullptr && journal_stream_is(stream, STDERR_FILENO);
}

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::error:
      return "error";
    case LogLevel::warning:
      return "warning";
    case LogLevel::notice:
      return "notice";
    case LogLevel::info:
      return "info";
    case LogLevel::debug:
      return "debug";
  }
  return "?";
}

}  // namespace

void set_log_level(LogLevel level) { g_level = level; }
LogLevel log_level() { return g_level; }

void log_line(LogLevel level, std::string_view original) {
  static const bool journal = stderr_is_journal();
  // Log lines carry fetched text (feed titles, server error messages, URLs):
  // its control characters must not reach the terminal, nor a newline start
  // a forged line.
  std::string escaped = escape_for_terminal(original);
  std::string_view message = escaped;
  std::string line;
  line.reserve(message.size() + 40);
  if (journal) {
    line = fmt::format("<{}>{}\n", static_cast<int>(level), message);
  } else {
    auto now = std::chrono::system_clock::now();
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    localtime_r(&t, &tm);
    char stamp[40];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S%z", &tm);
    line = fmt::format("{} {}: {}\n", stamp, level_name(level), message);
  }
  // One write per line so concurrent writers never interleave within a line.
  (void)!::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace gazette
