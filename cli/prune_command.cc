#include "cli/prune_command.h"

#include <fmt/format.h>

#include "base/clock.h"
#include "daemon/exit_codes.h"
#include "feeds/text_controls.h"
#include "storage/retention.h"

namespace gazette {

int cmd_prune(const GlobalOptions& options, bool dry_run) {
  Config config = load_config_for(options);
  if (!config.retention.enabled()) {
    fmt::print(
        "{}: retention is off (no [retention] max_age or max_per_source): nothing to prune\n",
        config.file.string());
    return exit_code::ok;
  }
  // A dry run changes nothing, not even the schema version.
  auto db = open_store(config, dry_run ? OpenMode::read_only : OpenMode::read_write);
  PruneResult result = db->prune(config.retention, system_clock().unix_now(), dry_run);
  // Stored text came from the network: printed through escape_for_terminal.
  const char* verb = dry_run ? "would prune" : "pruned";
  for (const PrunedArticle& a : result.articles)
    fmt::print("{} {} {} {} {}\n", verb, escape_for_terminal(a.published), a.reason,
               escape_for_terminal(a.url.empty() ? a.source_url : a.url),
               escape_for_terminal(a.title));
  fmt::print("{} {} articles", verb, result.articles.size());
  if (!dry_run) {
    std::int64_t freed = db->maintain();
    fmt::print("; {} tombstones added, {} forgotten; {} pages freed", result.tombstones_added,
               result.tombstones_forgotten, freed);
  }
  fmt::print("\n");
  return exit_code::ok;
}

}  // namespace gazette
