// When the daemon prunes ([retention]) and tidies its database: once a day,
// the first time a few minutes after start-up (not at once: a daemon that
// systemd restarts in a loop would prune at every start). The work runs on
// the store thread (StoreThread::upkeep).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "base/clock.h"
#include "config/config.h"
#include "poll/store_thread.h"

namespace gazette {

inline constexpr std::int64_t kUpkeepPeriodSeconds = 86'400;
inline constexpr std::int64_t kUpkeepFirstDelaySeconds = 600;

// When upkeep is due, by the clock (testable with a ManualClock): a pure
// rule, apart from the timer that asks it.
class UpkeepDue {
 public:
  explicit UpkeepDue(std::int64_t started) : next_(started + kUpkeepFirstDelaySeconds) {}
  // True when a run is due at `now`; then the next is a period later.
  bool take(std::int64_t now) {
    if (now < next_) return false;
    next_ = now + kUpkeepPeriodSeconds;
    return true;
  }
  std::int64_t next() const { return next_; }

 private:
  std::int64_t next_;
};

class UpkeepSchedule {
 public:
  UpkeepSchedule(boost::asio::any_io_executor executor, StoreThread& store,
                 RetentionSettings retention, const Clock& clock = system_clock());
  // Arms the timer; stop() cancels it (the daemon's shutdown).
  void start();
  void stop();

 private:
  void arm();

  StoreThread& store_;
  RetentionSettings retention_;
  const Clock& clock_;
  UpkeepDue due_;
  boost::asio::steady_timer timer_;
  bool stopped_ = false;
};

}  // namespace gazette
