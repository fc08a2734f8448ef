#include "poll/metrics_registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gazette {
namespace {

bool name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

// Metric names may hold colons (recording rules); label names may not, and
// names starting "__" are reserved to Prometheus itself.
bool valid_name(std::string_view name, bool colons) {
  if (name.empty() || !(name_start(name[0]) || (colons && name[0] == ':'))) return false;
  if (!colons && name.substr(0, 2) == "__") return false;
  return std::all_of(name.begin(), name.end(),
                     [colons](char c) { return name_char(c) || (colons && c == ':'); });
}

const char* type_name(int type) {
  static const char* const names[] = {"counter", "gauge", "histogram"};
  return names[type];
}

void append_labels(std::string& out, const MetricLabels& labels, const char* le = nullptr) {
  if (labels.empty() && !le) return;
  out += '{';
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!first) out += ',';
    first = false;
    fmt::format_to(std::back_inserter(out), "{}=\"{}\"", name, escape_label_value(value));
  }
  if (le) fmt::format_to(std::back_inserter(out), "{}le=\"{}\"", first ? "" : ",", le);
  out += '}';
}

// Backslash and line feed always; double quotes inside a label value.
std::string escape(std::string_view text, bool quotes) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '\n' || (quotes && c == '"')) out += '\\';
    out += c == '\n' ? 'n' : c;
  }
  return out;
}

}  // namespace

std::string escape_label_value(std::string_view value) { return escape(value, true); }

std::string escape_help(std::string_view help) { return escape(help, false); }

std::string format_sample_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  // Whole numbers below 2^53 print exactly, without an exponent or ".0".
  if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0)
    return fmt::format("{}", static_cast<std::int64_t>(v));
  return fmt::format("{}", v);  // shortest text that reads back as the same double
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {
  for (std::size_t i = 0; i < bounds_.size(); ++i)
    if (std::isnan(bounds_[i]) || (i > 0 && bounds_[i] <= bounds_[i - 1]))
      throw std::invalid_argument("histogram bounds must be ascending numbers");
}

void Histogram::observe(double v) {
  // The first bucket whose bound is >= v ("le": less or equal); NaN lands in +Inf.
  std::size_t bucket = std::isnan(v)
                           ? bounds_.size()
                           : std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  std::lock_guard lock(mutex_);
  ++counts_[bucket];
  sum_ += v;
  ++count_;
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  std::lock_guard lock(mutex_);
  s.cumulative.reserve(counts_.size());
  std::uint64_t running = 0;
  for (std::uint64_t n : counts_) s.cumulative.push_back(running += n);
  s.sum = sum_;
  s.count = count_;
  return s;
}

MetricsRegistry::Series& MetricsRegistry::series(std::string_view name, std::string_view help,
                                                 Type type, MetricLabels labels,
                                                 const std::vector<double>& bounds) {
  if (!valid_name(name, true))
    throw std::invalid_argument(fmt::format("\"{}\" is not a metric name", name));
  for (const auto& [label, value] : labels)
    if (!valid_name(label, false) || (type == Type::histogram && label == "le"))
      throw std::invalid_argument(
          fmt::format("metric {}: \"{}\" is not a label name", name, label));
  std::lock_guard lock(mutex_);
  auto family = std::find_if(families_.begin(), families_.end(),
                             [name](const Family& f) { return f.name == name; });
  if (family == families_.end()) {
    families_.push_back(Family{std::string(name), std::string(help), type, bounds, {}});
    family = families_.end() - 1;
  } else if (family->type != type) {
    throw std::invalid_argument(
        fmt::format("metric {} is a {}", name, type_name(static_cast<int>(family->type))));
  }
  for (Series& s : family->series)
    if (s.labels == labels) return s;
  Series& s = family->series.emplace_back();
  s.labels = std::move(labels);
  if (type == Type::counter) s.counter = std::make_unique<Counter>();
  if (type == Type::gauge) s.gauge = std::make_unique<Gauge>();
  if (type == Type::histogram) s.histogram = std::make_unique<Histogram>(family->bounds);
  return s;
}

Counter& MetricsRegistry::counter(std::string_view name, std::string_view help,
                                  MetricLabels labels) {
  return *series(name, help, Type::counter, std::move(labels), {}).counter;
}

Gauge& MetricsRegistry::gauge(std::string_view name, std::string_view help, MetricLabels labels) {
  return *series(name, help, Type::gauge, std::move(labels), {}).gauge;
}

Histogram& MetricsRegistry::histogram(std::string_view name, std::string_view help,
                                      std::vector<double> bounds, MetricLabels labels) {
  return *series(name, help, Type::histogram, std::move(labels), bounds).histogram;
}

std::string MetricsRegistry::render() const {
  std::string out;
  std::lock_guard lock(mutex_);
  for (const Family& family : families_) {
    fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", family.name,
                   escape_help(family.help), family.name, type_name(static_cast<int>(family.type)));
    for (const Series& s : family.series) {
      if (s.counter || s.gauge) {
        out += family.name;
        append_labels(out, s.labels);
        out += ' ';
        out += s.counter ? fmt::format("{}", s.counter->value())
                         : format_sample_value(s.gauge->value());
        out += '\n';
        continue;
      }
      Histogram::Snapshot snap = s.histogram->snapshot();
      for (std::size_t i = 0; i < snap.cumulative.size(); ++i) {
        std::string le = i < family.bounds.size() ? format_sample_value(family.bounds[i]) : "+Inf";
        out += family.name;
        out += "_bucket";
        append_labels(out, s.labels, le.c_str());
        fmt::format_to(std::back_inserter(out), " {}\n", snap.cumulative[i]);
      }
      out += family.name;
      out += "_sum";
      append_labels(out, s.labels);
      fmt::format_to(std::back_inserter(out), " {}\n", format_sample_value(snap.sum));
      out += family.name;
      out += "_count";
      append_labels(out, s.labels);
      fmt::format_to(std::back_inserter(out), " {}\n", snap.count);
    }
  }
  return out;
}

}  // namespace gazette
