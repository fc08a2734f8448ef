// Progress of a one-shot poll: a line that updates in place on a terminal,
// plain lines when stderr is not a TTY (logs, pipes, CI).
#pragma once

#include <cstddef>
#include <string>

namespace gazette {

class PollProgress {
 public:
  explicit PollProgress(std::size_t total);
  ~PollProgress();

  void source_done(const std::string& url, bool ok);
  void finish();

 private:
  void draw();

  std::size_t total_;
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  bool tty_;
  bool finished_ = false;
};

}  // namespace gazette
