#include "cli/cli_support.h"

#include <filesystem>

#include "daemon/exit_codes.h"

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

std::unique_ptr<SQLite::Database> open_db(const Config& config, OpenMode mode) {
  try {
    return open_database(config.database, mode);
  } catch (const std::exception& e) {
    throw CommandError{exit_code::database, e.what()};
  }
}

}  // namespace gazette
