#include "poll/robots_cache.h"

#include <fmt/format.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>

namespace asio = boost::asio;

namespace gazette {
namespace {

constexpr auto kKeep = std::chrono::hours(24);
constexpr auto kKeepAfterFailure = std::chrono::hours(1);

}  // namespace

asio::awaitable<RobotsCache::Verdict> RobotsCache::check(const std::string& url) {
  if (!enabled_) co_return Verdict{};
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) co_return Verdict{};  // the fetch itself reports the bad URL
  std::string origin =
      std::string(parsed->scheme()) + "://" + std::string(parsed->encoded_host_and_port());
  std::string path = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
  if (parsed->has_query()) path += "?" + std::string(parsed->encoded_query());

  auto now = std::chrono::steady_clock::now();
  auto it = origins_.find(origin);
  // Another poll is fetching this origin's robots.txt: wait for it rather
  // than fetch it twice.
  while (it != origins_.end() && it->second.pending) {
    asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(20));
    boost::system::error_code ec;
    co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    it = origins_.find(origin);
  }
  if (it == origins_.end() || it->second.expires <= now) {
    origins_[origin].pending = true;
    FetchRequest request;
    request.url = origin + "/robots.txt";
    request.accept = "text/plain, */*;q=0.5";
    FetchResponse response = co_await http_.fetch(request);
    if (response.error == FetchError::held) {
      // The site asked for a pause: no verdict to keep, ask again after it.
      origins_.erase(origin);
      co_return Verdict{false, response.error_message, response.held_until};
    }
    Entry entry;
    if (response.ok()) {
      entry.rules = parse_robots_txt(response.body, agent_);
      entry.expires = std::chrono::steady_clock::now() + kKeep;
    } else if (response.error == FetchError::none && response.status >= 400 &&
               response.status < 500) {
      entry.rules = RobotsRules::allow_all();  // no robots.txt: no restrictions
      entry.expires = std::chrono::steady_clock::now() + kKeep;
    } else if (response.error == FetchError::refused) {
      // Not a site's failure: Gazette itself will not go there (an internal
      // address), so the page behind it is not fetched either.
      entry.rules = RobotsRules::disallow_all();
      entry.failure = "refused: " + response.error_message;
      entry.expires = std::chrono::steady_clock::now() + kKeepAfterFailure;
    } else {
      // Unreachable or 5xx: RFC 9309 says assume complete disallow for now.
      entry.rules = RobotsRules::disallow_all();
      entry.failure = fmt::format(
          "robots.txt of {} could not be fetched ({}); RFC 9309 says not to crawl the site "
          "until it can: trying again in an hour",
          origin, describe(response));
      entry.expires = std::chrono::steady_clock::now() + kKeepAfterFailure;
    }
    origins_[origin] = std::move(entry);
  }
  const Entry& entry = origins_[origin];
  if (!entry.failure.empty()) co_return Verdict{false, entry.failure};
  if (!entry.rules.allowed(path))
    co_return Verdict{false, fmt::format("robots.txt of {} disallows {}", origin, path)};
  co_return Verdict{};
}

}  // namespace gazette
