// A minimum gap between requests to one host, for page sources and the
// article pages they lead to: sites ban pollers that burst.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>

namespace gazette {

class HostPacer {
 public:
  explicit HostPacer(std::chrono::milliseconds min_delay);
  ~HostPacer();

  // Returns when a request to `url`'s host may start: at least min_delay
  // after the previous request to that host began. Turns are handed out in
  // call order.
  boost::asio::awaitable<void> wait_turn(const std::string& url);

  // Ends every wait at once (shutdown).
  void cancel_all();

  // How many hosts it holds a next turn for (for tests): about those
  // requested within the last min_delay, not every host ever seen.
  std::size_t hosts_remembered() const { return next_turn_.size(); }

 private:
  void forget_past_turns(std::chrono::steady_clock::time_point now);

  std::chrono::milliseconds min_delay_;
  std::map<std::string, std::chrono::steady_clock::time_point> next_turn_;
  std::size_t sweep_at_ = 64;  // forget_past_turns() sweeps at this size
  std::set<boost::asio::steady_timer*> waiting_;
  bool cancelled_ = false;
};

}  // namespace gazette
