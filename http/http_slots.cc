#include "http/http_slots.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace gazette {

namespace asio = boost::asio;

// A waiter sleeps on a timer that never expires by itself: release() and
// cancel_waiters() wake it by cancelling the timer, after saying whether it
// got a slot.
struct ConnectionSlots::Waiter {
  explicit Waiter(const asio::any_io_executor& ex)
      : timer(ex, asio::steady_timer::time_point::max()) {}
  asio::steady_timer timer;
  bool granted = false;
};

ConnectionSlots::ConnectionSlots(asio::any_io_executor executor, int count)
    : executor_(std::move(executor)), available_(std::max(1, count)) {}

asio::awaitable<bool> ConnectionSlots::acquire() {
  if (available_ > 0 && waiters_.empty()) {
    --available_;
    co_return true;
  }
  auto waiter = std::make_shared<Waiter>(executor_);
  waiters_.push_back(waiter);
  boost::system::error_code ec;
  co_await waiter->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  if (!waiter->granted) {
    // Woken by cancellation of the coroutine itself: leave the queue, or a
    // later release() would hand a slot to nobody.
    auto it = std::find(waiters_.begin(), waiters_.end(), waiter);
    if (it != waiters_.end()) waiters_.erase(it);
  }
  co_return waiter->granted;
}

void ConnectionSlots::release() {
  if (waiters_.empty()) {
    ++available_;
    return;
  }
  auto waiter = std::move(waiters_.front());
  waiters_.pop_front();
  waiter->granted = true;
  waiter->timer.cancel();
}

void ConnectionSlots::cancel_waiters() {
  auto woken = std::move(waiters_);
  waiters_.clear();
  for (auto& waiter : woken) waiter->timer.cancel();
}

}  // namespace gazette
