#include "cli/opml_commands.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "daemon/exit_codes.h"
#include "export/article_sink.h"
#include "export/output_file.h"
#include "feeds/opml.h"
#include "poll/log.h"
#include "storage/opml_sources.h"

namespace gazette {

int cmd_import_opml(const GlobalOptions& options, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw CommandError{exit_code::failure, fmt::format("{}: cannot read", file)};
  std::ostringstream text;
  text << in.rdbuf();
  OpmlDocument doc;
  try {
    doc = parse_opml(text.str());
  } catch (const OpmlError& e) {
    throw CommandError{exit_code::failure, fmt::format("{}: {}", file, e.what())};
  }
  for (const OpmlProblem& p : doc.problems)
    log(LogLevel::warning, "{}:{}: skipped: {}", file, p.line, p.message);

  Config config = load_config_for(options);
  auto db = open_store(config, OpenMode::read_write);
  OpmlImportCounts counts = db->import_opml(doc.outlines, config.default_interval.count());
  fmt::print("imported {} sources from {}: {} already present, {} invalid\n", counts.added, file,
             counts.duplicates, doc.problems.size());
  return exit_code::ok;
}

int cmd_export_opml(const GlobalOptions& options, const std::string& out) {
  Config config = load_config_for(options);
  auto db = open_store(config, OpenMode::read_only);
  std::string opml = write_opml(db->sources_as_opml(), "Gazette sources");
  if (out.empty() || out == "-") {
    fmt::print("{}", opml);
    return exit_code::ok;
  }
  try {
    replace_file(out, opml, SpecialTarget::write_in_place);
  } catch (const ExportError& e) {
    throw CommandError{exit_code::failure, e.what()};
  }
  return exit_code::ok;
}

}  // namespace gazette
