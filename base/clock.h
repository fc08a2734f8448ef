// Where Gazette reads the time. Code that decides by the time (the
// scheduler's next polls, back-off, the poller's follow memory) takes a
// Clock&, as LevelDB's code takes an Env: the daemon passes system_clock(),
// a test passes a ManualClock it moves by hand, so no test sleeps.
#pragma once

#include <cstdint>

namespace gazette {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since 1970-01-01T00:00:00Z (feeds/feed_item.h's UnixTime).
  virtual std::int64_t unix_now() const = 0;
};

// The wall clock (std::chrono::system_clock). One instance, thread-safe.
Clock& system_clock();

// system_clock().unix_now(), for code that only stamps a time.
std::int64_t unix_now();

// A clock that stands still until told to move: for tests. Not thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t now) : now_(now) {}
  std::int64_t unix_now() const override { return now_; }
  void set(std::int64_t now) { now_ = now; }
  void advance(std::int64_t seconds) { now_ += seconds; }

 private:
  std::int64_t now_;
};

}  // namespace gazette
