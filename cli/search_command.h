// `gazette search QUERY [--limit N] [--json]`.
#pragma once

#include <string>

#include "cli/cli_support.h"

namespace gazette {

struct SearchOptions {
  std::string query;
  int limit = 20;
  bool json = false;
  bool rank_all = false;  // rank however many articles match
};

int cmd_search(const GlobalOptions& options, const SearchOptions& search);

}  // namespace gazette
