// Bot walls: a challenge or CAPTCHA interstitial (Cloudflare's "Just a
// moment...", DataDome, PerimeterX, Imperva and the like) served instead of
// the document. It is a refusal of the poller, not a broken feed or page,
// and is reported as its own error kind, "blocked" (docs/operations.md).
//
// Judged by generic signals, not one vendor's page: a response header that
// names a challenge, or a refusal status (403, 429, 503) whose body is an
// HTML page where a feed was expected, or carries the words such pages use
// (captcha, challenge, "checking your browser", "enable JavaScript and
// cookies").
#pragma once

#include <string>

#include "http/http_client.h"

namespace gazette {

// What says `response` is a bot wall, as a short phrase ("cf-mitigated:
// challenge", "an HTML page where a feed was expected", "a captcha page"),
// or empty when nothing does. `feed_expected`: the request was for a feed
// (a page source expects HTML, so HTML alone says nothing there).
std::string challenge_signal(const FetchResponse& response, bool feed_expected);

}  // namespace gazette
