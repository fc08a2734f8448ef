// Process exit codes; docs/cli.md lists them.
#pragma once

namespace gazette::exit_code {

constexpr int ok = 0;
constexpr int sources_failed = 1;  // `poll`: one or more sources failed; the rest were stored
constexpr int usage = 2;           // bad command line
constexpr int config = 3;          // config file missing, unreadable or invalid
constexpr int database = 4;        // database cannot be opened, migrated or written
constexpr int failure = 5;         // anything else (e.g. `add` of a URL that is not http(s))
constexpr int interrupted = 130;   // `poll` stopped by SIGINT/SIGTERM

}  // namespace gazette::exit_code
