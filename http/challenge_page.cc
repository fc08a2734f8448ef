#include "http/challenge_page.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace gazette {
namespace {

// Interstitials put their words early; a long body is an article, not a wall.
constexpr std::size_t kLooked = 64 * 1024;

std::string lower_prefix(std::string_view text, std::size_t n) {
  std::string out(text.substr(0, n));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_refusal(int status) { return status == 403 || status == 429 || status == 503; }

bool looks_like_html(const FetchResponse& response, const std::string& head) {
  std::string type = lower_prefix(response.content_type, 256);
  if (type.find("html") != std::string::npos) return true;
  std::size_t start = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (start == std::string::npos) return false;
  std::string_view body = std::string_view(head).substr(start);
  return body.starts_with("<!doctype html") || body.starts_with("<html");
}

// Phrases of challenge and CAPTCHA interstitials, across vendors: what the
// page asks of a browser, not a vendor's brand.
constexpr std::array<std::string_view, 9> kChallengeWords = {
    "captcha",                        // reCAPTCHA, hCaptcha, DataDome, PerimeterX, ...
    "/challenge",                     // challenge scripts and forms
    "challenge-platform",             //
    "just a moment...",               // the interstitial's title
    "checking your browser",          //
    "enable javascript and cookies",  //
    "verify you are human",           //
    "are you a robot",                //
    "unusual traffic from your computer",
};

}  // namespace

std::string challenge_signal(const FetchResponse& response, bool feed_expected) {
  if (response.error != FetchError::none) return {};
  if (lower_prefix(response.mitigated, 64) == "challenge") return "cf-mitigated: challenge";
  if (!is_refusal(response.status)) return {};
  std::string head = lower_prefix(response.body, kLooked);
  if (!looks_like_html(response, head)) return {};
  for (std::string_view word : kChallengeWords)
    if (head.find(word) != std::string::npos) return "a challenge page";
  if (feed_expected) return "an HTML page where a feed was expected";
  return {};
}

}  // namespace gazette
