#include "poll/metrics_registry.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>
#include <vector>

namespace gazette {
namespace {

TEST(MetricsRegistry, RendersCountersAndGaugesInTheTextFormat) {
  MetricsRegistry registry;
  registry.counter("jobs_total", "Jobs done, by result.", {{"result", "ok"}}).add(3);
  registry.counter("jobs_total", "ignored: the first help wins", {{"result", "failed"}}).add();
  registry.gauge("queue_length", "Jobs waiting.").set(2.5);
  EXPECT_EQ(registry.render(),
            "# HELP jobs_total Jobs done, by result.\n"
            "# TYPE jobs_total counter\n"
            "jobs_total{result=\"ok\"} 3\n"
            "jobs_total{result=\"failed\"} 1\n"
            "# HELP queue_length Jobs waiting.\n"
            "# TYPE queue_length gauge\n"
            "queue_length 2.5\n");
}

TEST(MetricsRegistry, TheSameNameAndLabelsAreOneSeries) {
  MetricsRegistry registry;
  Counter& a = registry.counter("hits_total", "Hits.", {{"kind", "a"}});
  Counter& again = registry.counter("hits_total", "Hits.", {{"kind", "a"}});
  EXPECT_EQ(&a, &again);
  again.add(2);
  EXPECT_EQ(a.value(), 2u);
  EXPECT_NE(&registry.counter("hits_total", "Hits.", {{"kind", "b"}}), &a);
}

TEST(MetricsRegistry, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  MetricsRegistry registry;
  Histogram& h = registry.histogram("wait_seconds", "Waits.", {0.1, 1, 10});
  for (double v : {0.05, 0.1, 0.5, 3.0, 100.0}) h.observe(v);
  EXPECT_EQ(registry.render(),
            "# HELP wait_seconds Waits.\n"
            "# TYPE wait_seconds histogram\n"
            "wait_seconds_bucket{le=\"0.1\"} 2\n"
            "wait_seconds_bucket{le=\"1\"} 3\n"
            "wait_seconds_bucket{le=\"10\"} 4\n"
            "wait_seconds_bucket{le=\"+Inf\"} 5\n"
            "wait_seconds_sum 103.65\n"
            "wait_seconds_count 5\n");
}

TEST(MetricsRegistry, HistogramLabelsComeBeforeLe) {
  MetricsRegistry registry;
  registry.histogram("size_bytes", "Sizes.", {1024}, {{"what", "page"}}).observe(2048);
  std::string text = registry.render();
  EXPECT_NE(text.find("size_bytes_bucket{what=\"page\",le=\"1024\"} 0\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("size_bytes_bucket{what=\"page\",le=\"+Inf\"} 1\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("size_bytes_sum{what=\"page\"} 2048\n"), std::string::npos) << text;
  EXPECT_NE(text.find("size_bytes_count{what=\"page\"} 1\n"), std::string::npos) << text;
}

TEST(MetricsRegistry, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(escape_label_value("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  EXPECT_EQ(escape_label_value("plain, with spaces={}"), "plain, with spaces={}");
  EXPECT_EQ(escape_help("back\\slash \"quotes\" stay\nnext"),
            "back\\\\slash \"quotes\" stay\\nnext");
  MetricsRegistry registry;
  registry.gauge("odd", "Line one\nline two", {{"v", "}\"\n{"}}).set(1);
  EXPECT_EQ(registry.render(),
            "# HELP odd Line one\\nline two\n"
            "# TYPE odd gauge\n"
            "odd{v=\"}\\\"\\n{\"} 1\n");
}

TEST(MetricsRegistry, FormatsSpecialValues) {
  EXPECT_EQ(format_sample_value(0), "0");
  EXPECT_EQ(format_sample_value(-3), "-3");
  EXPECT_EQ(format_sample_value(0.25), "0.25");
  EXPECT_EQ(format_sample_value(1e300), "1e+300");
  EXPECT_EQ(format_sample_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_sample_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_sample_value(std::nan("")), "NaN");
}

TEST(MetricsRegistry, RefusesNamesTheFormatDoesNotAllow) {
  MetricsRegistry registry;
  EXPECT_THROW(registry.counter("", "x"), std::invalid_argument);
  EXPECT_THROW(registry.counter("1st", "x"), std::invalid_argument);
  EXPECT_THROW(registry.counter("has space", "x"), std::invalid_argument);
  EXPECT_THROW(registry.counter("dash-ed", "x"), std::invalid_argument);
  EXPECT_THROW(registry.counter("ok_total", "x", {{"bad-label", "v"}}), std::invalid_argument);
  EXPECT_THROW(registry.counter("ok_total", "x", {{"__reserved", "v"}}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("h", "x", {1}, {{"le", "1"}}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("h2", "x", {2, 1}), std::invalid_argument);
  EXPECT_NO_THROW(registry.counter("ns:ok_total", "x", {{"_fine", "any \"value\""}}));
  registry.gauge("kind_clash", "x");
  EXPECT_THROW(registry.counter("kind_clash", "x"), std::invalid_argument);
}

TEST(MetricsRegistry, NaNObservationsLandInTheInfBucket) {
  Histogram h({1});
  h.observe(std::nan(""));
  Histogram::Snapshot s = h.snapshot();
  EXPECT_EQ(s.cumulative, (std::vector<std::uint64_t>{0, 1}));
  EXPECT_EQ(s.count, 1u);
}

// Counters and histograms are updated from the poll loop and the store
// thread while another thread renders: no update is lost.
TEST(MetricsRegistry, ConcurrentUpdatesAreAllCounted) {
  MetricsRegistry registry;
  Counter& c = registry.counter("n_total", "N.");
  Histogram& h = registry.histogram("v", "V.", {0.5});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c.add();
        h.observe(i % 2);
      }
    });
  std::thread reader([&] {
    for (int i = 0; i < 100; ++i) registry.render();
  });
  for (std::thread& t : threads) t.join();
  reader.join();
  EXPECT_EQ(c.value(), 40000u);
  Histogram::Snapshot s = h.snapshot();
  EXPECT_EQ(s.count, 40000u);
  EXPECT_EQ(s.cumulative[0], 20000u);
  EXPECT_EQ(s.sum, 20000.0);
}

}  // namespace
}  // namespace gazette
