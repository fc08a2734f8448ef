#include "cli/cli_support.h"

#include <fmt/format.h>

#include <filesystem>
#include <optional>

#include "base/clock.h"
#include "daemon/exit_codes.h"
#include "storage/article_selection.h"

namespace gazette {

Config load_config_for(const GlobalOptions& options) {
  Config config;
  std::error_code ec;
  if (!options.config_given && !std::filesystem::exists(options.config_path, ec)) {
    // No config yet: run with defaults and whatever sources the database has.
    config.database = "/var/lib/gazette/gazette.db";
  } else {
    try {
      config = load_config(options.config_path);
    } catch (const ConfigError& e) {
      throw CommandError{exit_code::config, e.what()};
    }
  }
  if (!options.db_path.empty()) config.database = options.db_path;
  return config;
}

UnixTime since_option(const std::string& text) {
  std::optional<UnixTime> since = parse_since(text, unix_now());
  if (!since)
    throw CommandError{exit_code::usage,
                       fmt::format("--since {}: not a date (2026-11-20, 2026-11-20T06:00:00Z) "
                                   "or a duration (24h, 7d)",
                                   text)};
  return *since;
}

std::unique_ptr<Store> open_store(const Config& config, OpenMode mode) {
  try {
    return open_store(config.database.string(), mode);
  } catch (const std::exception& e) {
    throw CommandError{exit_code::database, e.what()};
  }
}

}  // namespace gazette
