// A minimum gap between requests to one host, for every request the HTTP
// client sends (feeds, pages, followed links, robots.txt, each hop of a
// redirect chain): sites ban pollers that burst.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <map>
#include <set>
#include <string>

namespace gazette {

class HostPacer {
 public:
  explicit HostPacer(std::chrono::milliseconds min_delay);
  ~HostPacer();

  // Returns when a request to `host` (a host:port, http/host_backoff.h's
  // host_key) may start: at least min_delay after the previous request to
  // that host began. Turns are handed out in call order.
  boost::asio::awaitable<void> wait_turn(const std::string& host);
  // The same with this request's own gap (a feed's may be shorter than a
  // page's); 0: it starts at once, and the next request still keeps its
  // own gap after this one.
  boost::asio::awaitable<void> wait_turn(const std::string& host, std::chrono::milliseconds gap);

  // Ends every current wait at once (shutdown, HttpClient::cancel_all());
  // later waits work as usual.
  void cancel_waiters();

  // Hosts with a turn still to come. A host whose last turn has passed is
  // forgotten (at the latest when the table has doubled since the last sweep), so
  // the table holds the hosts of the last min_delay, not every host seen.
  std::size_t hosts() const { return next_turn_.size(); }

 private:
  static constexpr std::size_t kPacerSweep = 256;
  std::size_t sweep_at_ = kPacerSweep;  // the table's size that triggers the next sweep
  std::chrono::milliseconds min_delay_;
  std::map<std::string, std::chrono::steady_clock::time_point> next_turn_;
  std::set<boost::asio::steady_timer*> waiting_;
};

}  // namespace gazette
