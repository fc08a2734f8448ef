// What a reloaded config changes against the running one (SIGHUP, see
// docs/operations.md "Reload"): the sources compared by URL, and the global
// settings that only a restart can apply.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"

namespace gazette {

struct SourceChange {
  std::string url;
  std::vector<std::string> fields;  // "kind", "interval", "tags", "title", "fetch_full", "rules"
};

struct SourceSetDiff {
  std::vector<std::string> added;    // URLs in `after` only, in its order
  std::vector<std::string> removed;  // URLs in `before` only, in its order
  std::vector<SourceChange> changed;
  bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

// Sources are the same source when their (canonical) URLs are equal. The
// interval compared is the effective one: a changed default_interval changes
// every source that does not set its own.
SourceSetDiff diff_sources(const Config& before, const Config& after);

// The settings of `after` that differ from `before` but are fixed while the
// daemon runs (the database, the HTTP client's limits and identity, the
// politeness settings the pacer and robots cache were built with), by their
// config names ("daemon.database", "fetch.max_connections").
std::vector<std::string> settings_needing_restart(const Config& before, const Config& after);

// `after` with those settings set back to `before`'s values: what a running
// daemon applies on reload.
Config with_restart_settings_of(const Config& before, Config after);

}  // namespace gazette
