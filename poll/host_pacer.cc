#include "poll/host_pacer.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>

namespace asio = boost::asio;

namespace gazette {

HostPacer::HostPacer(std::chrono::milliseconds min_delay) : min_delay_(min_delay) {}

HostPacer::~HostPacer() = default;

asio::awaitable<void> HostPacer::wait_turn(const std::string& url) {
  if (cancelled_ || min_delay_.count() <= 0) co_return;
  std::string host;
  if (auto parsed = boost::urls::parse_uri(url)) host = parsed->encoded_host_and_port();
  auto now = std::chrono::steady_clock::now();
  forget_past_turns(now);
  auto& next = next_turn_[host];
  auto start = std::max(now, next);
  next = start + min_delay_;
  if (start <= now) co_return;
  asio::steady_timer timer(co_await asio::this_coro::executor, start);
  waiting_.insert(&timer);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  waiting_.erase(&timer);
}

// A host whose next turn has passed needs no entry: its next request may
// start at once, as for a host never seen. Without this the map kept every
// host a followed link ever led to, for the daemon's lifetime. Swept when
// the map has doubled since the last sweep: constant cost per call.
void HostPacer::forget_past_turns(std::chrono::steady_clock::time_point now) {
  if (next_turn_.size() < sweep_at_) return;
  std::erase_if(next_turn_, [now](const auto& entry) { return entry.second <= now; });
  sweep_at_ = std::max<std::size_t>(64, 2 * next_turn_.size());
}

void HostPacer::cancel_all() {
  cancelled_ = true;
  for (asio::steady_timer* t : waiting_) t->cancel();
}

}  // namespace gazette
