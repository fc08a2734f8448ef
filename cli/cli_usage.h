// Command-line usage errors that name the bad word ("frobnicate: not a
// command", "--frob: unknown option") and checks for numeric options that say
// the range they want.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>

namespace gazette {

// Prints the message for a failed parse and returns the exit code: 0 after
// --help or --version, exit_code::usage for everything else.
int report_usage_error(CLI::App& app, const CLI::ParseError& error);

// A whole number from `min` to `max`: "--limit: expected a whole number from 1
// to 1000000, got 0".
CLI::Validator whole_number(std::int64_t min, std::int64_t max);

// A poll interval ("15m"): a duration within the limits the config file has
// (config/limits.h).
CLI::Validator poll_interval();

}  // namespace gazette
