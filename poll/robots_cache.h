// robots.txt per origin, fetched once and kept for a day or the lifetime its
// Cache-Control gives, at least an hour (an hour after a failure), for page
// sources and the article pages they lead to.
//
// Bounded, because a daemon that runs for months following links meets ever
// new hosts: at most Limits::max_origins origins and Limits::max_bytes of
// kept rules. When either is full, the origin asked about least recently goes
// first (it is fetched again if asked about again); an expired entry goes
// when it is next asked about.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>

#include "base/clock.h"
#include "feeds/robots_txt.h"
#include "http/http_client.h"

namespace gazette {

// What RobotsCache keeps at most (outside the class: GCC wants its default
// member initializers complete before a default argument uses them).
struct RobotsCacheLimits {
  // Origins remembered at once: the page sources' own origins and the
  // link targets of the last hours fit easily; past it, the least recently
  // used origin's robots.txt is fetched again when next needed.
  std::size_t max_origins = 1024;
  // Rules and messages kept, over all origins (an estimate of the heap
  // they take). Each robots.txt is read up to RobotsCache::kRobotsParseLimit.
  std::size_t max_bytes = 8u << 20;
};

class RobotsCache {
 public:
  using Limits = RobotsCacheLimits;

  // RFC 9309 2.5: parse at least 500 KiB of a robots.txt; what follows is
  // ignored (cut at the last line end before it).
  static constexpr std::size_t kRobotsParseLimit = 500u << 10;

  // `agent` is the product token matched against User-agent lines; `clock`
  // decides when an entry has expired.
  RobotsCache(HttpClient& http, const Clock& clock, std::string agent, bool enabled,
              Limits limits = Limits())
      : http_(http), clock_(clock), agent_(std::move(agent)), enabled_(enabled), limits_(limits) {}

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

  // Origins held now, and the estimated bytes they take (for tests and
  // the limits above).
  std::size_t size() const { return origins_.size(); }
  std::size_t bytes() const { return bytes_; }

 private:
  struct Entry {
    RobotsRules rules;
    std::string failure;       // set when robots.txt could not be had: everything disallowed
    std::int64_t expires = 0;  // Unix seconds (clock_)
    bool pending = false;      // its robots.txt is being fetched: never evicted
    std::size_t bytes = 0;     // estimate, counted in bytes_
    std::list<std::string>::iterator use;  // its place in uses_
  };
  using Origins = std::unordered_map<std::string, Entry>;

  // Stores `entry` for `origin` (replacing what was there) as the most
  // recently used, then evicts down to the limits.
  Origins::iterator keep(const std::string& origin, Entry entry);
  void forget(Origins::iterator it);
  void evict();
  // The rules for a response that arrived (not held).
  Entry entry_for(const std::string& origin, const FetchResponse& response) const;

  HttpClient& http_;
  const Clock& clock_;
  std::string agent_;
  bool enabled_;
  Limits limits_;
  Origins origins_;
  std::list<std::string> uses_;  // origins, least recently used first
  std::size_t bytes_ = 0;
};

}  // namespace gazette
