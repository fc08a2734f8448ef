#include "poll/source_politeness.h"

#include <fmt/format.h>

#include "http/challenge_page.h"

namespace gazette {

RedirectCount count_permanent_redirect(const SourceRow& source, const FetchResponse& response,
                                       const std::string& requested) {
  RedirectCount count;
  bool usable = response.ok() || response.not_modified();
  if (!usable || response.permanent_url.empty() || response.permanent_url == requested)
    return count;
  count.url = response.permanent_url;
  count.count = source.redirect_url == count.url ? source.redirect_count + 1 : 1;
  if (count.count >= kPermanentRedirectPolls) count.move = true;
  return count;
}

std::string disable_reason(const FetchResponse& response) {
  if (response.error != FetchError::none || response.status != 410) return {};
  return fmt::format("HTTP 410 Gone from {}", response.final_url);
}

std::string response_error(const FetchResponse& response, SourceKind kind) {
  std::string signal = challenge_signal(response, kind == SourceKind::feed);
  if (!signal.empty()) return fmt::format("blocked: HTTP {}, {}", response.status, signal);
  return response.ok() ? std::string() : describe(response);
}

}  // namespace gazette
