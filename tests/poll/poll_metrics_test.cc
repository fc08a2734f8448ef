// The daemon's metrics (poll/poll_metrics.h) and health verdict
// (poll/health.h): how polls are classified, what each record call adds to
// the rendered text, and when /healthz turns 503.
#include "poll/poll_metrics.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "poll/health.h"
#include "poll/poll_steps.h"
#include "poll/store_thread.h"
#include "storage/storage_test_support.h"

namespace gazette {
namespace {

using namespace std::chrono_literals;

SourceFetch responded(int status) {
  SourceFetch f;
  f.response.status = status;
  return f;
}

// Whether the rendered text has this exact sample line.
bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

TEST(ClassifyPoll, NamesHowAPollEnded) {
  EXPECT_EQ(classify_poll(responded(200), false), PollOutcome::ok);
  EXPECT_EQ(classify_poll(responded(200), true), PollOutcome::parse_error);
  EXPECT_EQ(classify_poll(responded(304), false), PollOutcome::not_modified);
  EXPECT_EQ(classify_poll(responded(404), true), PollOutcome::http_error);
  EXPECT_EQ(classify_poll(responded(503), true), PollOutcome::http_error);
  SourceFetch refused;
  refused.robots_refusal = "disallowed by robots.txt";
  EXPECT_EQ(classify_poll(refused, true), PollOutcome::robots_refused);
  SourceFetch timeout;
  timeout.response.error = FetchError::timeout;
  EXPECT_EQ(classify_poll(timeout, true), PollOutcome::fetch_error);
}

TEST(SourceState, FollowsTheLastPoll) {
  SourceRow row;
  EXPECT_EQ(source_state(row), SourceState::never_polled);
  row.last_polled = 1'700'000'000;
  EXPECT_EQ(source_state(row), SourceState::ok);
  row.error_count = 2;
  EXPECT_EQ(source_state(row), SourceState::failing);
}

TEST(PollMetrics, EverySeriesIsThereAtZeroFromTheStart) {
  MetricsRegistry registry;
  PollMetrics metrics(registry);
  std::string text = registry.render();
  for (const char* outcome :
       {"ok", "not_modified", "fetch_error", "http_error", "robots_refused", "parse_error"})
    EXPECT_TRUE(has_line(text, fmt::format("gazette_polls_total{{outcome=\"{}\"}} 0", outcome)))
        << outcome;
  for (const char* kind : {"dns", "connect", "tls", "timeout", "too_large", "refused"})
    EXPECT_TRUE(has_line(text, fmt::format("gazette_fetch_errors_total{{kind=\"{}\"}} 0", kind)))
        << kind;
  for (const char* state : {"ok", "failing", "never_polled"})
    EXPECT_TRUE(has_line(text, fmt::format("gazette_sources{{state=\"{}\"}} 0", state))) << state;
  EXPECT_TRUE(has_line(text, "gazette_articles_stored_total 0"));
  EXPECT_TRUE(has_line(text, "gazette_fetch_duration_seconds_count 0"));
  EXPECT_TRUE(has_line(text, "gazette_store_duration_seconds_count 0"));
  EXPECT_TRUE(has_line(text, "gazette_dispatch_lag_seconds_count 0"));
  EXPECT_TRUE(has_line(text, "gazette_sources_due 0"));
  EXPECT_EQ(text.find("kind=\"none\""), std::string::npos);  // a response is not an error
}

TEST(PollMetrics, RecordsFetchesPollsAndStores) {
  MetricsRegistry registry;
  PollMetrics metrics(registry);
  FetchResponse ok;
  ok.status = 200;
  ok.wire_bytes = 1000;
  metrics.source_fetched(ok, 300ms);
  FetchResponse gone;
  gone.status = 404;
  gone.wire_bytes = 20;
  metrics.source_fetched(gone, 2s);
  FetchResponse dns;
  dns.error = FetchError::dns;
  metrics.source_fetched(dns, 10ms);
  FetchResponse article;
  article.status = 200;
  article.wire_bytes = 5000;
  metrics.article_fetched(article);
  metrics.dispatched(1'700'000'000, 1'700'000'003);  // 3 s late
  metrics.dispatched(std::nullopt, 1'700'000'003);   // never scheduled: due at once
  metrics.dispatched(1'700'000'010, 1'700'000'003);  // early (a rescan): no negative lag
  StoreCounts counts;
  counts.added = 4;
  counts.updated = 1;
  metrics.stored(20ms, counts);
  metrics.polled(PollOutcome::ok);
  metrics.polled(PollOutcome::http_error);
  metrics.polled(PollOutcome::fetch_error);

  std::string text = registry.render();
  EXPECT_TRUE(has_line(text, "gazette_fetched_bytes_total{what=\"source\"} 1020")) << text;
  EXPECT_TRUE(has_line(text, "gazette_fetched_bytes_total{what=\"article\"} 5000"));
  EXPECT_TRUE(has_line(text, "gazette_http_responses_total{class=\"2xx\"} 1"));
  EXPECT_TRUE(has_line(text, "gazette_http_responses_total{class=\"4xx\"} 1"));
  EXPECT_TRUE(has_line(text, "gazette_fetch_errors_total{kind=\"dns\"} 1"));
  EXPECT_TRUE(has_line(text, "gazette_fetch_duration_seconds_count 3"));
  EXPECT_TRUE(has_line(text, "gazette_fetch_duration_seconds_bucket{le=\"0.5\"} 2"));
  EXPECT_TRUE(has_line(text, "gazette_fetch_duration_seconds_bucket{le=\"1\"} 2"));
  EXPECT_TRUE(has_line(text, "gazette_fetch_duration_seconds_bucket{le=\"2.5\"} 3"));
  EXPECT_TRUE(has_line(text, "gazette_dispatch_lag_seconds_bucket{le=\"0\"} 2"));
  EXPECT_TRUE(has_line(text, "gazette_dispatch_lag_seconds_bucket{le=\"5\"} 3"));
  EXPECT_TRUE(has_line(text, "gazette_dispatch_lag_seconds_sum 3"));
  EXPECT_TRUE(has_line(text, "gazette_store_duration_seconds_count 1"));
  EXPECT_TRUE(has_line(text, "gazette_articles_stored_total 4"));
  EXPECT_TRUE(has_line(text, "gazette_articles_updated_total 1"));
  EXPECT_TRUE(has_line(text, "gazette_polls_total{outcome=\"ok\"} 1"));
  EXPECT_TRUE(has_line(text, "gazette_polls_total{outcome=\"http_error\"} 1"));
  EXPECT_TRUE(has_line(text, "gazette_polls_total{outcome=\"fetch_error\"} 1"));
}

TEST(PollMetrics, SourcesByStateAndDue) {
  MetricsRegistry registry;
  PollMetrics metrics(registry);
  std::vector<SourceRow> sources(5);
  sources[0].last_polled = 1;
  sources[1].last_polled = 1;
  sources[2].last_polled = 1;
  sources[2].error_count = 3;
  sources[0].next_poll = 200;   // not due at 100
  sources[3].disabled_at = 50;  // a 410: disabled, never due
  metrics.sources_seen(sources, 100);
  metrics.scheduled(2);
  std::string text = registry.render();
  EXPECT_TRUE(has_line(text, "gazette_sources{state=\"ok\"} 2"));
  EXPECT_TRUE(has_line(text, "gazette_sources{state=\"failing\"} 1"));
  EXPECT_TRUE(has_line(text, "gazette_sources{state=\"never_polled\"} 1"));
  EXPECT_TRUE(has_line(text, "gazette_sources{state=\"disabled\"} 1"));
  EXPECT_TRUE(has_line(text, "gazette_sources_due 3"));
  EXPECT_TRUE(has_line(text, "gazette_polls_in_flight 2"));
  metrics.sources_seen({}, 100);  // all removed: the gauges fall back to zero
  EXPECT_TRUE(has_line(registry.render(), "gazette_sources{state=\"ok\"} 0"));
}

TEST(JudgeHealth, HealthyUntilALimitIsPassed) {
  HealthInputs inputs;
  EXPECT_TRUE(judge_health(inputs).healthy);
  inputs.loop_silence = kLoopSilenceLimit;
  inputs.store_pending = kStorePendingLimit;
  EXPECT_TRUE(judge_health(inputs).healthy);  // at the limits: still healthy

  HealthInputs loop_stuck;
  loop_stuck.loop_silence = kLoopSilenceLimit + 1s;
  HealthVerdict verdict = judge_health(loop_stuck);
  EXPECT_FALSE(verdict.healthy);
  EXPECT_NE(verdict.reason.find("event loop"), std::string::npos) << verdict.reason;

  HealthInputs store_stuck;
  store_stuck.store_pending = kStorePendingLimit + 1s;
  verdict = judge_health(store_stuck);
  EXPECT_FALSE(verdict.healthy);
  EXPECT_NE(verdict.reason.find("store thread"), std::string::npos) << verdict.reason;

  HealthInputs stopping;
  stopping.stopping = true;
  verdict = judge_health(stopping);
  EXPECT_FALSE(verdict.healthy);
  EXPECT_EQ(verdict.reason, "shutting down");
}

class StorePendingTest : public test_support::TempDatabase {};

// The store thread's oldest pending document: set while a document waits
// (here behind another connection's write lock), zero once it is committed.
TEST_F(StorePendingTest, OldestPendingAgeCoversTheWaitUntilCommitted) {
  std::int64_t source = add_source("https://example.org/feed");
  boost::asio::io_context ioc;
  auto work = boost::asio::make_work_guard(ioc);
  StoreThread store(path_);
  MetricsRegistry registry;
  HealthMonitor monitor(store, registry);
  EXPECT_EQ(store.oldest_pending_age(), std::chrono::steady_clock::duration::zero());
  EXPECT_TRUE(monitor.check().healthy);

  db_->exec("BEGIN EXCLUSIVE");  // the store thread's commit waits for this
  std::exception_ptr error;
  store.record(fetched(source), {}, 1'700'000'000,
               boost::asio::bind_executor(ioc, [&](std::exception_ptr e, StoreCounts) {
                 error = e;
                 work.reset();
               }));
  EXPECT_GT(store.oldest_pending_age(), std::chrono::steady_clock::duration::zero());
  db_->exec("COMMIT");
  ioc.run();
  EXPECT_FALSE(error);
  EXPECT_EQ(store.oldest_pending_age(), std::chrono::steady_clock::duration::zero());
  EXPECT_TRUE(has_line(registry.render(), "gazette_healthy 1"));
  monitor.set_stopping();
  EXPECT_FALSE(monitor.check().healthy);
  EXPECT_TRUE(has_line(registry.render(), "gazette_healthy 0"));
}

}  // namespace
}  // namespace gazette
