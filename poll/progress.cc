#include "poll/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include "poll/log.h"

namespace gazette {

PollProgress::PollProgress(std::size_t total) : total_(total), tty_(::isatty(STDERR_FILENO) == 1) {}

PollProgress::~PollProgress() { finish(); }

void PollProgress::source_done(const std::string& url, bool ok) {
  ++done_;
  if (!ok) ++failed_;
  if (log_level() < LogLevel::info) return;  // --quiet
  if (tty_) {
    draw();
  } else {
    fmt::print(stderr, "[{}/{}] {} {}\n", done_, total_, ok ? "ok    " : "FAILED", url);
  }
}

void PollProgress::draw() {
  constexpr int kWidth = 30;
  int filled = total_ == 0 ? kWidth : static_cast<int>(kWidth * done_ / total_);
  // \r returns to the line start; \033[K clears what a longer line left behind.
  fmt::print(stderr, "\r[{:#<{}}{:-<{}}] {}/{} sources, {} failed\033[K", "", filled, "",
             kWidth - filled, done_, total_, failed_);
  std::fflush(stderr);
}

void PollProgress::finish() {
  if (finished_) return;
  finished_ = true;
  if (tty_ && total_ > 0) fmt::print(stderr, "\n");
}

}  // namespace gazette
