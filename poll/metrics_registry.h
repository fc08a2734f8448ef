// Counters, gauges and histograms, and their rendering in the Prometheus text
// exposition format (version 0.0.4), for the daemon's /metrics endpoint.
//
// No network here: the HTTP server (daemon/metrics_server.h) only calls
// render(). Updates are lock-free for counters and gauges and take a short
// per-histogram lock, so the poll loop and the store thread record from
// their own threads while another thread renders.
//
// Label sets must stay bounded: callers pass label values from a fixed set
// (an enum's names), never a URL, host or title read from the network.
// Values are escaped as the format asks all the same.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gazette {

// Label names and values, in the order they are rendered.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  // `bounds`: the buckets' upper bounds, ascending (+Inf is implied).
  explicit Histogram(std::vector<double> bounds);
  void observe(double v);

  struct Snapshot {
    std::vector<std::uint64_t> cumulative;  // per bound, then +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };
  Snapshot snapshot() const;
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  const std::vector<double> bounds_;
  mutable std::mutex mutex_;
  std::vector<std::uint64_t> counts_;  // per bucket (not cumulative), +Inf last
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

class MetricsRegistry {
 public:
  // Get or create the series `name`{`labels`}. The first call for a name
  // fixes its help text, type (and a histogram's bounds). Throws
  // std::invalid_argument for a name or label name the format does not
  // allow, or a name registered with another type. References stay valid
  // for the registry's lifetime.
  Counter& counter(std::string_view name, std::string_view help, MetricLabels labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, MetricLabels labels = {});
  Histogram& histogram(std::string_view name, std::string_view help, std::vector<double> bounds,
                       MetricLabels labels = {});

  // Every series, families in the order they were first registered.
  std::string render() const;

 private:
  enum class Type { counter, gauge, histogram };
  struct Series {
    MetricLabels labels;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
  };
  struct Family {
    std::string name;
    std::string help;
    Type type;
    std::vector<double> bounds;  // histograms
    std::deque<Series> series;
  };
  Series& series(std::string_view name, std::string_view help, Type type, MetricLabels labels,
                 const std::vector<double>& bounds);

  mutable std::mutex mutex_;  // guards families_ (not the values)
  std::deque<Family> families_;
};

// The format's escapes: a label value escapes backslash, double quote and
// line feed; help text escapes backslash and line feed.
std::string escape_label_value(std::string_view value);
std::string escape_help(std::string_view help);
// A sample value: integers without a fraction, "+Inf", "-Inf", "NaN".
std::string format_sample_value(double v);

}  // namespace gazette
