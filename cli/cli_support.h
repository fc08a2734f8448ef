// What every `gazette` command shares: the global options, loading the
// config, opening the database, and errors that carry an exit code.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "config/config.h"
#include "storage/database.h"
#include "storage/store.h"

namespace gazette {

struct GlobalOptions {
  std::string config_path = "/etc/gazette/gazette.toml";
  bool config_given = false;
  std::string db_path;
  bool verbose = false;
  bool quiet = false;
};

// Errors, by layer (one vocabulary; keep to it):
// - feeds/, config/ and storage/ throw, with context in the message:
//   FeedParseError, PageRuleError, ConfigError, StorageError, SQLite::Exception.
// - http/ never throws for a fetch: a failure is returned in FetchResponse
//   (error, error_message), and describe(FetchResponse) is its one wording.
// - poll/ never throws for a source's own problem (network, HTTP, parse): it
//   records it against the source and logs it; a database error does throw.
// - cli/ turns what it catches into an exit code (daemon/exit_codes.h):
//   a command's own failure is a CommandError, which carries its code.
class CommandError : public std::runtime_error {
 public:
  CommandError(int code, const std::string& message) : std::runtime_error(message), code(code) {}
  int code;
};

// The config file (or defaults when the default file is absent), with --db
// applied. Throws CommandError{config} when it is invalid.
Config load_config_for(const GlobalOptions& options);

// The store config.database names (an SQLite file or a postgresql:// URL,
// storage/store.h). Throws CommandError{database} when it cannot be opened.
std::unique_ptr<Store> open_store(const Config& config, OpenMode mode);

// A --since value (storage/article_selection.h, parse_since) read now;
// throws CommandError{usage} saying what it accepts.
UnixTime since_option(const std::string& text);

}  // namespace gazette
