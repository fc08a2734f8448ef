// Moved, gone and blocked: the poll's decisions (poll/source_politeness.h)
// and the fetch outcome they make (poll/poll_steps.h).
#include "poll/source_politeness.h"

#include <gtest/gtest.h>

#include <string>

#include "poll/poll_steps.h"

namespace gazette {
namespace {

const std::string kFeed = "https://old.example/feed.xml";
const std::string kNew = "https://new.example/feed.xml";

SourceRow row() {
  SourceRow s;
  s.id = 7;
  s.url = kFeed;
  s.fetch_url = kFeed;
  s.interval_seconds = 600;
  return s;
}

FetchResponse moved_to(const std::string& url, int status = 200) {
  FetchResponse r;
  r.status = status;
  r.final_url = url;
  r.permanent_url = url;
  r.redirects = 1;
  return r;
}

FetchResponse direct(int status) {
  FetchResponse r;
  r.status = status;
  r.final_url = kFeed;
  return r;
}

// One poll: what fetch_outcome() makes of `response`, and the row as the
// recorder leaves it (redirect_url, redirect_count, fetch_url).
FetchOutcome poll(SourceRow& source, const FetchResponse& response) {
  SourceFetch fetched;
  fetched.request.url = source.fetch_url;
  fetched.response = response;
  FetchOutcome outcome = fetch_outcome(source, 1000, fetched);
  source.redirect_url = outcome.redirect_url;
  source.redirect_count = outcome.redirect_count;
  if (!outcome.permanent_url.empty()) source.fetch_url = outcome.permanent_url;
  return outcome;
}

TEST(PermanentRedirect, MovesAfterThreePollsInARow) {
  SourceRow source = row();
  for (int i = 1; i < kPermanentRedirectPolls; ++i) {
    FetchOutcome outcome = poll(source, moved_to(kNew));
    EXPECT_EQ(outcome.permanent_url, "") << "poll " << i;
    EXPECT_EQ(outcome.redirect_url, kNew);
    EXPECT_EQ(outcome.redirect_count, i);
    EXPECT_EQ(source.fetch_url, kFeed);
  }
  FetchOutcome outcome = poll(source, moved_to(kNew));
  EXPECT_EQ(outcome.permanent_url, kNew);
  EXPECT_EQ(source.fetch_url, kNew);
  EXPECT_EQ(outcome.redirect_url, "");  // counted out
  EXPECT_EQ(outcome.redirect_count, 0);
  EXPECT_EQ(source.url, kFeed);  // the configured URL stays the source's identity
}

TEST(PermanentRedirect, ASingleOneDoesNotMove) {
  SourceRow source = row();
  EXPECT_EQ(poll(source, moved_to(kNew)).permanent_url, "");
  FetchOutcome outcome = poll(source, direct(200));
  EXPECT_EQ(outcome.permanent_url, "");
  EXPECT_EQ(outcome.redirect_url, "");
  EXPECT_EQ(outcome.redirect_count, 0);
  EXPECT_EQ(source.fetch_url, kFeed);
}

TEST(PermanentRedirect, ADifferentAnswerStartsTheCountAgain) {
  for (const FetchResponse& other :
       {direct(200), direct(304), direct(500), moved_to(kNew, 404),
        moved_to("https://third.example/feed.xml")}) {
    SourceRow source = row();
    poll(source, moved_to(kNew));
    poll(source, moved_to(kNew));
    poll(source, other);
    EXPECT_EQ(source.redirect_count, other.permanent_url.empty() || !other.ok() ? 0 : 1);
    EXPECT_EQ(poll(source, moved_to(kNew)).permanent_url, "");
    EXPECT_EQ(source.redirect_count, 1);
    EXPECT_EQ(source.fetch_url, kFeed);
  }
}

TEST(PermanentRedirect, TemporaryRedirectsNeverCount) {
  // The HTTP client sets permanent_url only when every hop was 301/308; a
  // 302 or 307 on the way leaves it empty.
  SourceRow source = row();
  FetchResponse temporary = direct(200);
  temporary.final_url = kNew;
  temporary.redirects = 1;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(poll(source, temporary).permanent_url, "");
  EXPECT_EQ(source.redirect_count, 0);
  EXPECT_EQ(source.fetch_url, kFeed);
}

TEST(PermanentRedirect, ANotModifiedAnswerCounts) {
  SourceRow source = row();
  for (int i = 0; i < kPermanentRedirectPolls; ++i) poll(source, moved_to(kNew, 304));
  EXPECT_EQ(source.fetch_url, kNew);
}

TEST(Gone, A410DisablesTheSourceWithTheReason) {
  SourceRow source = row();
  FetchOutcome outcome = poll(source, direct(410));
  EXPECT_EQ(outcome.disable_reason, "HTTP 410 Gone from " + kFeed);
  EXPECT_EQ(outcome.error, "HTTP 410");
  for (int status : {200, 404, 500, 503})
    EXPECT_EQ(poll(source, direct(status)).disable_reason, "") << status;
  FetchResponse failed;
  failed.error = FetchError::timeout;
  EXPECT_EQ(disable_reason(failed), "");
}

TEST(Blocked, ABotWallIsItsOwnErrorKind) {
  SourceRow source = row();
  FetchResponse wall = direct(403);
  wall.content_type = "text/html; charset=UTF-8";
  wall.body = "<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>";
  EXPECT_EQ(poll(source, wall).error, "blocked: HTTP 403, a challenge page");
  wall.status = 200;
  wall.mitigated = "challenge";
  EXPECT_EQ(poll(source, wall).error, "blocked: HTTP 200, cf-mitigated: challenge");
  // A broken feed stays a broken feed, a missing one missing.
  EXPECT_EQ(response_error(direct(404), SourceKind::feed), "HTTP 404");
  EXPECT_EQ(response_error(direct(200), SourceKind::feed), "");
}

}  // namespace
}  // namespace gazette
