// Bot walls told from broken documents (http/challenge_page.h).
#include "http/challenge_page.h"

#include <gtest/gtest.h>

#include <string>

namespace gazette {
namespace {

FetchResponse answer(int status, std::string content_type, std::string body) {
  FetchResponse r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

const char* kInterstitial =
    "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    "<noscript>Enable JavaScript and cookies to continue</noscript></body></html>";

TEST(ChallengeSignal, TheChallengeHeaderOnAnyStatus) {
  FetchResponse r = answer(403, "text/html", "<html></html>");
  r.mitigated = "challenge";
  EXPECT_EQ(challenge_signal(r, true), "cf-mitigated: challenge");
  EXPECT_EQ(challenge_signal(r, false), "cf-mitigated: challenge");
  r.status = 200;
  EXPECT_EQ(challenge_signal(r, true), "cf-mitigated: challenge");
  r.mitigated = "Challenge";
  EXPECT_EQ(challenge_signal(r, false), "cf-mitigated: challenge");
}

TEST(ChallengeSignal, AnInterstitialOnARefusal) {
  for (int status : {403, 429, 503}) {
    EXPECT_EQ(challenge_signal(answer(status, "text/html; charset=UTF-8", kInterstitial), false),
              "a challenge page")
        << status;
    EXPECT_EQ(challenge_signal(answer(status, "text/html", kInterstitial), true), "a challenge page");
  }
  // Other vendors' pages say the same things in other words.
  EXPECT_EQ(challenge_signal(answer(403, "text/html",
                                    "<html><body><div id=\"px-captcha\"></div></body></html>"),
                             false),
            "a challenge page");
  EXPECT_EQ(
      challenge_signal(answer(403, "", "<html><script src=\"https://geo.captcha-delivery.com/x\">"
                                       "</script></html>"),
                       false),
      "a challenge page");
}

TEST(ChallengeSignal, AnHtmlRefusalWhereAFeedWasExpected) {
  FetchResponse r = answer(403, "text/html", "<html><body><h1>Forbidden</h1></body></html>");
  EXPECT_EQ(challenge_signal(r, true), "an HTML page where a feed was expected");
  // A page source asked for HTML: a plain "Forbidden" page is a refusal, not a wall.
  EXPECT_EQ(challenge_signal(r, false), "");
  // Sniffed when the type says nothing.
  EXPECT_EQ(challenge_signal(answer(503, "", "\n  <!DOCTYPE html><html></html>"), true),
            "an HTML page where a feed was expected");
}

TEST(ChallengeSignal, NotForOtherAnswers) {
  // Other statuses, non-HTML bodies, network failures: broken or missing, not walled.
  EXPECT_EQ(challenge_signal(answer(404, "text/html", kInterstitial), true), "");
  EXPECT_EQ(challenge_signal(answer(500, "text/html", kInterstitial), true), "");
  EXPECT_EQ(challenge_signal(answer(200, "text/html", kInterstitial), true), "");
  EXPECT_EQ(challenge_signal(answer(403, "text/plain", "captcha"), true), "");
  EXPECT_EQ(challenge_signal(answer(503, "application/rss+xml", "<rss/>"), true), "");
  FetchResponse failed;
  failed.error = FetchError::connect;
  EXPECT_EQ(challenge_signal(failed, true), "");
}

}  // namespace
}  // namespace gazette
