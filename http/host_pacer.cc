#include "http/host_pacer.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace asio = boost::asio;

namespace gazette {

HostPacer::HostPacer(std::chrono::milliseconds min_delay) : min_delay_(min_delay) {}

HostPacer::~HostPacer() = default;

asio::awaitable<void> HostPacer::wait_turn(const std::string& host) {
  co_await wait_turn(host, min_delay_);
}

asio::awaitable<void> HostPacer::wait_turn(const std::string& host, std::chrono::milliseconds gap) {
  auto now = std::chrono::steady_clock::now();
  if (gap.count() <= 0) {
    // No gap of its own, but the previous request's gap still holds.
    if (auto it = next_turn_.find(host); it != next_turn_.end()) {
      if (it->second > now) {
        asio::steady_timer timer(co_await asio::this_coro::executor, it->second);
        waiting_.insert(&timer);
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        waiting_.erase(&timer);
      }
    }
    co_return;
  }
  if (next_turn_.size() >= sweep_at_) {
    // Swept when the table has doubled since the last sweep: constant cost
    // per call, however many hosts have a turn to come.
    std::erase_if(next_turn_, [now](const auto& entry) { return entry.second <= now; });
    sweep_at_ = std::max<std::size_t>(kPacerSweep, 2 * next_turn_.size());
  }
  auto& next = next_turn_[host];
  auto start = std::max(now, next);
  next = start + gap;
  if (start <= now) co_return;
  asio::steady_timer timer(co_await asio::this_coro::executor, start);
  waiting_.insert(&timer);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  waiting_.erase(&timer);
}

void HostPacer::cancel_waiters() {
  for (asio::steady_timer* t : waiting_) t->cancel();
}

}  // namespace gazette
