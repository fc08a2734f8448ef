#include "poll/robots_cache.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>
#include <chrono>
#include <string_view>

#include "poll/poll_interval.h"

namespace asio = boost::asio;

namespace gazette {
namespace {

// RFC 9309 2.4: a robots.txt is not used for more than a day. A shorter
// Cache-Control lifetime is honoured down to an hour: each fetch of
// robots.txt is one more request to the host.
constexpr std::int64_t kKeepSeconds = 24 * 3600;
constexpr std::int64_t kMinKeepSeconds = 3600;
constexpr std::int64_t kKeepAfterFailureSeconds = 3600;

std::string_view parse_window(std::string_view body) {
  if (body.size() <= RobotsCache::kRobotsParseLimit) return body;
  body = body.substr(0, RobotsCache::kRobotsParseLimit);
  std::size_t last_line_end = body.find_last_of("\r\n");
  return last_line_end == std::string_view::npos ? std::string_view()
                                                 : body.substr(0, last_line_end + 1);
}

// What an entry costs on the heap, roughly: enough to bound the sum.
std::size_t estimated_bytes(const std::string& origin, const RobotsRules& rules,
                            const std::string& failure) {
  std::size_t bytes = 2 * origin.size() + failure.size() + 128;  // key, list node, Entry
  for (const RobotsRules::Rule& rule : rules.rules)
    bytes += sizeof(RobotsRules::Rule) + rule.pattern.capacity();
  return bytes;
}

}  // namespace

asio::awaitable<RobotsCache::Verdict> RobotsCache::check(const std::string& url) {
  if (!enabled_) co_return Verdict{};
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) co_return Verdict{};  // the fetch itself reports the bad URL
  std::string origin =
      std::string(parsed->scheme()) + "://" + std::string(parsed->encoded_host_and_port());
  std::string path = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
  if (parsed->has_query()) path += "?" + std::string(parsed->encoded_query());

  auto it = origins_.find(origin);
  // Another poll is fetching this origin's robots.txt: wait for it rather
  // than fetch it twice.
  while (it != origins_.end() && it->second.pending) {
    asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(20));
    boost::system::error_code ec;
    co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    it = origins_.find(origin);
  }
  if (it != origins_.end() && it->second.expires <= clock_.unix_now()) {
    forget(it);
    it = origins_.end();
  }
  if (it == origins_.end()) {
    Entry placeholder;
    placeholder.pending = true;
    keep(origin, std::move(placeholder));
    FetchRequest request;
    request.url = origin + "/robots.txt";
    request.accept = "text/plain, */*;q=0.5";
    FetchResponse response = co_await http_.fetch(request);
    if (response.error == FetchError::held) {
      // The site asked for a pause: no verdict to keep, ask again after it.
      forget(origins_.find(origin));
      co_return Verdict{false, response.error_message, response.held_until};
    }
    it = keep(origin, entry_for(origin, response));
  } else {
    uses_.splice(uses_.end(), uses_, it->second.use);  // now the most recently used
  }
  const Entry& entry = it->second;
  if (!entry.failure.empty()) co_return Verdict{false, entry.failure};
  if (!entry.rules.allowed(path))
    co_return Verdict{false, fmt::format("robots.txt of {} disallows {}", origin, path)};
  co_return Verdict{};
}

RobotsCache::Entry RobotsCache::entry_for(const std::string& origin,
                                          const FetchResponse& response) const {
  const std::int64_t now = clock_.unix_now();
  // How long the server lets us keep its answer, within RFC 9309's day.
  const std::int64_t lifetime =
      std::clamp(cache_lifetime(response.cache_control, response.expires, response.date, now)
                     .value_or(kKeepSeconds),
                 kMinKeepSeconds, kKeepSeconds);
  Entry entry;
  if (response.ok()) {
    entry.rules = parse_robots_txt(parse_window(response.body), agent_);
    entry.expires = now + lifetime;
  } else if (response.error == FetchError::none && response.status >= 400 &&
             response.status < 500) {
    entry.rules = RobotsRules::allow_all();  // no robots.txt: no restrictions
    entry.expires = now + lifetime;
  } else if (response.error == FetchError::refused) {
    // Not a site's failure: Gazette itself will not go there (an internal
    // address), so the page behind it is not fetched either.
    entry.rules = RobotsRules::disallow_all();
    entry.failure = "refused: " + response.error_message;
  } else {
    // Unreachable or 5xx: RFC 9309 says assume complete disallow for now.
    entry.rules = RobotsRules::disallow_all();
    entry.failure = fmt::format(
        "robots.txt of {} could not be fetched ({}); RFC 9309 says not to crawl the site "
        "until it can: trying again in an hour",
        origin, describe(response));
  }
  if (!entry.failure.empty()) entry.expires = now + kKeepAfterFailureSeconds;
  return entry;
}

RobotsCache::Origins::iterator RobotsCache::keep(const std::string& origin, Entry entry) {
  if (auto old = origins_.find(origin); old != origins_.end()) forget(old);
  entry.bytes = estimated_bytes(origin, entry.rules, entry.failure);
  entry.use = uses_.insert(uses_.end(), origin);
  bytes_ += entry.bytes;
  auto kept = origins_.emplace(origin, std::move(entry)).first;
  evict();  // never the newest: `kept` stays valid
  return kept;
}

void RobotsCache::forget(Origins::iterator it) {
  bytes_ -= it->second.bytes;
  uses_.erase(it->second.use);
  origins_.erase(it);
}

void RobotsCache::evict() {
  // Least recently used first; an entry being fetched is waited on, so it
  // stays (a few at most: one per fetch in flight), as does the newest.
  auto candidate = uses_.begin();
  while ((origins_.size() > limits_.max_origins || bytes_ > limits_.max_bytes) &&
         candidate != uses_.end() && std::next(candidate) != uses_.end()) {
    auto it = origins_.find(*candidate++);
    if (!it->second.pending) forget(it);
  }
}

}  // namespace gazette
