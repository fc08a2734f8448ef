// robots.txt per origin, fetched once and kept for a day (an hour after a
// failure), for page sources and the article pages they lead to.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "feeds/robots_txt.h"
#include "http/http_client.h"

namespace gazette {

class RobotsCache {
 public:
  // `agent` is the product token matched against User-agent lines.
  RobotsCache(HttpClient& http, std::string agent, bool enabled)
      : http_(http), agent_(std::move(agent)), enabled_(enabled) {}

  struct Verdict {
    bool allowed = true;
    std::string reason;  // why not, when !allowed
    // Not allowed *yet*: the host is held (429/503, http/host_backoff.h)
    // until then, so robots.txt could not be asked. Nothing is cached.
    std::int64_t held_until = 0;
  };

  // Whether robots.txt of `url`'s origin lets us fetch it (always allowed
  // when disabled in the config).
  boost::asio::awaitable<Verdict> check(const std::string& url);

 private:
  struct Entry {
    RobotsRules rules;
    std::string failure;  // set when robots.txt could not be had: everything disallowed
    std::chrono::steady_clock::time_point expires;
    bool pending = false;
  };

  HttpClient& http_;
  std::string agent_;
  bool enabled_;
  std::map<std::string, Entry> origins_;
};

}  // namespace gazette
