// What every `gazette` command shares: the global options, loading the
// config, opening the database, and errors that carry an exit code.
#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>
#include <string>

#include "config/config.h"
#include "storage/database.h"

namespace gazette {

struct GlobalOptions {
  std::string config_path = "/etc/gazette/gazette.toml";
  bool config_given = false;
  std::string db_path;
  bool verbose = false;
  bool quiet = false;
};

// A failure that maps to an exit code (daemon/exit_codes.h), with the
// message already formatted.
struct CommandError {
  int code;
  std::string message;
};

// The config file (or defaults when the default file is absent), with --db
// applied. Throws CommandError{config} when it is invalid.
Config load_config_for(const GlobalOptions& options);

// Throws CommandError{database} when the database cannot be opened.
std::unique_ptr<SQLite::Database> open_db(const Config& config, OpenMode mode);

}  // namespace gazette
