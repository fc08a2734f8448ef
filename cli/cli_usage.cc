#include "cli/cli_usage.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>
#include <iostream>
#include <string>
#include <vector>

#include "config/limits.h"
#include "config/quantity.h"
#include "daemon/exit_codes.h"
#include "feeds/text_controls.h"

namespace gazette {
namespace {

// A word from the command line as quoted back in a message: a pasted
// paragraph is cut rather than echoed whole.
std::string shown(const std::string& word) {
  constexpr std::size_t kMaxShown = 40;
  if (word.size() <= kMaxShown) return word;
  return word.substr(0, kMaxShown) + "...";
}

// "gazette" or "gazette search": the command whose arguments were wrong.
std::string command_path(const CLI::App* command) {
  std::string path;
  for (const CLI::App* at = command; at; at = at->get_parent())
    path = path.empty() ? at->get_name() : at->get_name() + " " + path;
  return path;
}

std::vector<std::string> command_names(CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands([](CLI::App*) { return true; }))
    names.push_back(command->get_name());
  return names;
}

}  // namespace

int report_usage_error(CLI::App& app, const CLI::ParseError& error) {
  if (error.get_exit_code() == 0) {
    app.exit(error);  // --help, --version: their text on stdout
    return exit_code::ok;
  }
  // The command whose arguments are at fault: the innermost one parsed.
  CLI::App* command = &app;
  while (!command->get_subcommands().empty()) command = command->get_subcommands().front();
  std::string path = command_path(command);
  std::vector<std::string> extra = command->remaining();
  if (extra.empty() && command != &app) extra = app.remaining();

  // A word CLI11 could not place is wrong whatever else is: name it first.
  std::string message;
  if (!extra.empty() && extra.front().rfind('-', 0) == 0 && extra.front().size() > 1) {
    message = fmt::format("{}: unknown option", shown(extra.front()));
  } else if (!extra.empty() && command == &app) {
    message = fmt::format("{}: not a command (commands: {})", shown(extra.front()),
                          fmt::join(command_names(app), ", "));
  } else if (!extra.empty()) {
    message = fmt::format("{}: unexpected argument", shown(extra.front()));
  } else if (command == &app && dynamic_cast<const CLI::RequiredError*>(&error)) {
    message =
        fmt::format("a command is required (commands: {})", fmt::join(command_names(app), ", "));
  } else {
    message = error.what();  // CLI11's own message names the option: "--format: xx not in {...}"
  }
  std::cerr << fmt::format("{}: {}\nRun `{} --help` for usage.\n", path,
                           escape_for_terminal(message), path);
  return exit_code::usage;
}

CLI::Validator whole_number(std::int64_t min, std::int64_t max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        std::int64_t value = 0;
        const char* end = text.data() + text.size();
        auto [stop, status] = std::from_chars(text.data(), end, value);
        if (text.empty() || status != std::errc() || stop != end || value < min || value > max)
          return fmt::format("expected a whole number from {} to {}, got {}", min, max,
                             shown(text));
        return {};
      },
      fmt::format("INT in [{} - {}]", min, max));
}

CLI::Validator poll_interval() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        QuantityProblem syntax = QuantityProblem::none;
        auto duration = parse_duration(text, &syntax);
        if (syntax == QuantityProblem::too_large) duration = std::chrono::milliseconds::max();
        if (!duration) return fmt::format("{}: not a duration (e.g. 15m, 1h, 2d)", shown(text));
        if (std::string problem = interval_problem(*duration); !problem.empty())
          return fmt::format("{}: {}", shown(text), problem);
        return {};
      },
      "DURATION from 1m to 365d");
}

}  // namespace gazette
