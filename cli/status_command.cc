#include "cli/status_command.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/web_url.h"
#include "daemon/exit_codes.h"
#include "feeds/text_controls.h"
#include "storage/status_report.h"

namespace gazette {
namespace {

// "12.3 MiB": sizes as an operator reads them (the JSON has bytes).
std::string human_size(std::int64_t bytes) {
  constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", value, kUnits[unit]);
}

// An empty time (never recorded, never scheduled) is null.
nlohmann::ordered_json time_or_null(const std::string& time) {
  if (time.empty()) return nullptr;
  return time;
}

nlohmann::ordered_json to_json(const StatusReport& r, const std::string& database) {
  nlohmann::ordered_json out;
  out["sources"] = {{"total", r.sources},           {"ok", r.sources_ok},
                    {"failing", r.sources_failing}, {"never_polled", r.sources_never_polled},
                    {"due", r.sources_due},         {"disabled", r.sources_disabled},
                    {"blocked", r.sources_blocked}};
  out["oldest_failure"] = nullptr;
  if (r.oldest_failure)
    out["oldest_failure"] = {{"url", r.oldest_failure->url},
                             {"failing_since", time_or_null(r.oldest_failure->failing_since)},
                             {"error_count", r.oldest_failure->error_count},
                             {"error", r.oldest_failure->last_error}};
  out["articles"] = {
      {"total", r.articles}, {"today", r.articles_today}, {"this_week", r.articles_this_week}};
  out["database"] = {{"path", database}, {"bytes", r.database_bytes}, {"wal_bytes", r.wal_bytes}};
  out["next_poll"] = nullptr;
  if (r.next_poll)
    out["next_poll"] = {{"url", r.next_poll->url}, {"at", time_or_null(r.next_poll->when)}};
  return out;
}

// URLs and errors were stored from the network: escaped for the terminal.
void print_text(const StatusReport& r, const std::string& database) {
  fmt::print("sources    {} ({} ok, {} failing, {} never polled, {} disabled; {} due now)\n",
             r.sources, r.sources_ok, r.sources_failing, r.sources_never_polled, r.sources_disabled,
             r.sources_due);
  if (r.sources_blocked > 0)
    fmt::print("blocked    {} of the failing sources met a bot wall (challenge page)\n",
               r.sources_blocked);
  if (r.oldest_failure) {
    const OldestFailure& f = *r.oldest_failure;
    fmt::print("failing    {} since {} ({} failed fetches): {}\n",
               escape_for_terminal(url_for_log(f.url)),
               f.failing_since.empty() ? "an unrecorded time" : f.failing_since, f.error_count,
               escape_for_terminal(f.last_error));
  }
  fmt::print("articles   {} today (UTC), {} in the last 7 days, {} in all\n", r.articles_today,
             r.articles_this_week, r.articles);
  fmt::print("database   {}: {}, WAL {}\n", escape_for_terminal(database),
             human_size(r.database_bytes), human_size(r.wal_bytes));
  if (r.next_poll)
    fmt::print("next poll  {} {}\n",
               r.next_poll->when.empty() ? "now (never scheduled)" : r.next_poll->when,
               escape_for_terminal(url_for_log(r.next_poll->url)));
  else
    fmt::print("next poll  - (no sources)\n");
}

}  // namespace

int cmd_status(const GlobalOptions& options, bool json) {
  Config config = load_config_for(options);
  auto db = open_store(config, OpenMode::read_only);
  StatusReport report = db->status_report(system_clock().unix_now());
  if (json)
    fmt::print("{}\n", to_json(report, db->location())
                           .dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  else
    print_text(report, db->location());
  return exit_code::ok;
}

}  // namespace gazette
