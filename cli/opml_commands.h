// `gazette import-opml FILE` and `gazette export-opml [--out FILE]`.
#pragma once

#include <string>

#include "cli/cli_support.h"

namespace gazette {

int cmd_import_opml(const GlobalOptions& options, const std::string& file);
int cmd_export_opml(const GlobalOptions& options, const std::string& out);

}  // namespace gazette
