// The poll's decisions about a source's address and life from an answer
// that is not a document (docs/operations.md, "Moved, gone and blocked
// sources"): a permanent redirect moves the fetch URL only when it repeats,
// a 410 Gone disables the source, a bot wall is "blocked", not broken.
// Pure: a test calls them with a SourceRow and a FetchResponse.
#pragma once

#include <string>

#include "http/http_client.h"
#include "storage/source_store.h"

namespace gazette {

// A permanent redirect (every hop 301 or 308) moves the source's fetch URL
// once this many consecutive polls met the same one: a redirect by mistake,
// for a maintenance window or by a hijacked server does not move it at once.
inline constexpr int kPermanentRedirectPolls = 3;

struct RedirectCount {
  std::string url;    // the target counted; empty when this poll met none
  int count = 0;      // consecutive polls that met it, this one included
  bool move = false;  // count reached kPermanentRedirectPolls: fetch `url` from now on
};

// This poll's count, from the source's stored one. Only a permanent chain
// that ended in a usable answer (2xx or 304) counts; any other answer (a
// direct one, a temporary redirect, a failure, another target) starts again.
// `requested`: the URL the poll asked for (the source's fetch URL).
RedirectCount count_permanent_redirect(const SourceRow& source, const FetchResponse& response,
                                       const std::string& requested);

// Why the source is disabled after this answer, or empty: a 410 Gone says
// the document is gone for good, and polling on is a waste for both sides.
std::string disable_reason(const FetchResponse& response);

// The fetch error of an answer (not a 304): "blocked: HTTP 403, cf-mitigated:
// challenge" for a bot wall (http/challenge_page.h, even on a 200), else
// describe() for a failure, else empty.
std::string response_error(const FetchResponse& response, SourceKind kind);

}  // namespace gazette
