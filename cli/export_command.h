// `gazette export --format F --out PATH [--since T] [--source URL] [--tag T] [--limit N]`.
#pragma once

#include <string>

#include "cli/cli_support.h"

namespace gazette {

struct ExportOptions {
  std::string format;
  std::string out;
  std::string since;
  std::string source;
  std::string tag;
  std::int64_t limit = 0;  // 0: no limit
  std::string title = "Gazette";
  std::string link;
};

inline const std::vector<std::string> kExportFormats = {"hugo", "jsonfeed", "atom", "rss", "json"};

int cmd_export(const GlobalOptions& options, const ExportOptions& export_options);

}  // namespace gazette
