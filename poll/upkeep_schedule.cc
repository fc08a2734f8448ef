#include "poll/upkeep_schedule.h"

#include <algorithm>
#include <chrono>

namespace gazette {
namespace {

// The timer wakes at least this often to ask the clock: a suspended machine
// or a changed wall clock is noticed within an hour.
constexpr std::int64_t kCheckSeconds = 3600;

}  // namespace

UpkeepSchedule::UpkeepSchedule(boost::asio::any_io_executor executor, StoreThread& store,
                               RetentionSettings retention, const Clock& clock)
    : store_(store),
      retention_(retention),
      clock_(clock),
      due_(clock.unix_now()),
      timer_(executor) {}

void UpkeepSchedule::start() { arm(); }

void UpkeepSchedule::stop() {
  stopped_ = true;
  timer_.cancel();
}

void UpkeepSchedule::arm() {
  if (stopped_) return;
  std::int64_t wait = std::clamp<std::int64_t>(due_.next() - clock_.unix_now(), 1, kCheckSeconds);
  timer_.expires_after(std::chrono::seconds(wait));
  timer_.async_wait([this](boost::system::error_code ec) {
    if (ec || stopped_) return;
    std::int64_t now = clock_.unix_now();
    if (due_.take(now)) store_.upkeep(retention_, now);
    arm();
  });
}

}  // namespace gazette
