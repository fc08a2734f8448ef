#include "poll/host_pacer.h"

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

void HostPacer::cancel_all() {
  cancelled_ = true;
  for (asio::steady_timer* t : waiting_) t->cancel();
}

}  // namespace gazette
