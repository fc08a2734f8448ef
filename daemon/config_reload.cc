#include "daemon/config_reload.h"

#include <algorithm>
#include <exception>
#include <optional>

#include "base/text.h"
#include "base/web_url.h"
#include "config/source_set_diff.h"
#include "poll/log.h"
#include "storage/source_store.h"
#include "storage/store.h"

namespace gazette {
namespace {

std::optional<Config> load_for_reload(const Config& live) {
  try {
    return load_config(live.file);
  } catch (const ConfigError& e) {
    log(LogLevel::error, "reload: {}; keeping the running config", e.what());
  } catch (const std::exception& e) {
    log(LogLevel::error, "reload: {}: {}; keeping the running config", live.file.string(),
        e.what());
  }
  return std::nullopt;
}

// The source rows of the config's sources; the interval of a changed one
// takes effect from its last poll, not from the next_poll the old interval
// set. One transaction: all or nothing.
void write_sources(const Config& next, const SourceSetDiff& diff, Store& db) {
  db.in_transaction([&] {
    for (const SourceConfig& source : next.sources)
      db.upsert_source(source, next.default_interval.count());
    for (const SourceChange& change : diff.changed) {
      if (std::find(change.fields.begin(), change.fields.end(), "interval") == change.fields.end())
        continue;
      std::optional<SourceRow> row = db.find_source(change.url);
      if (row && row->last_polled)
        db.set_next_poll(row->id, *row->last_polled + row->interval_seconds);
    }
  });
}

}  // namespace

bool reload_config(Config& live, Store& db, Poller& poller, Scheduler& scheduler) {
  if (live.file.empty()) {
    log(LogLevel::notice, "reload: running without a config file; nothing to re-read");
    scheduler.rescan();
    return false;
  }
  std::optional<Config> loaded = load_for_reload(live);
  if (!loaded) return false;
  SourceSetDiff diff = diff_sources(live, *loaded);
  std::vector<std::pair<std::int64_t, std::string>> removed_rows;
  try {
    write_sources(*loaded, diff, db);
    for (const std::string& url : diff.removed)
      if (std::optional<SourceRow> row = db.find_source(url))
        removed_rows.emplace_back(row->id, row->url);
  } catch (const std::exception& e) {
    log(LogLevel::error, "reload: {}: database: {}; keeping the running config", live.file.string(),
        e.what());
    return false;
  }
  for (const std::string& url : diff.added) scheduler.keep_source(url);
  for (const auto& [id, url] : removed_rows) {
    try {
      scheduler.remove_source(id, url);
    } catch (const std::exception& e) {
      log(LogLevel::error, "reload: removing source {}: database: {}", url_for_log(url), e.what());
    }
  }
  for (const std::string& url : diff.added)
    log(LogLevel::info, "reload: source {} added", url_for_log(url));
  for (const std::string& url : diff.removed)
    log(LogLevel::info, "reload: source {} removed", url_for_log(url));
  for (const SourceChange& change : diff.changed)
    log(LogLevel::info, "reload: source {} changed: {}", url_for_log(change.url),
        join(change.fields, ", "));
  for (const std::string& name : settings_needing_restart(live, *loaded))
    log(LogLevel::warning,
        "reload: {} changed; it takes effect on restart (still using the old value)", name);
  live = with_restart_settings_of(live, std::move(*loaded));
  poller.use_sources(live.sources);
  scheduler.rescan();
  log(LogLevel::notice, "reloaded {}: {} sources added, {} removed, {} changed", live.file.string(),
      diff.added.size(), diff.removed.size(), diff.changed.size());
  return true;
}

}  // namespace gazette
