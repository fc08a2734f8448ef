// `gazette stories [--since T] [--min-sources N] [--limit N] [--json]`.
#pragma once

#include <cstdint>
#include <string>

#include "cli/cli_support.h"

namespace gazette {

struct StoriesOptions {
  std::string since;
  std::int64_t min_sources = 1;
  std::int64_t limit = 50;
  bool json = false;
};

int cmd_stories(const GlobalOptions& options, const StoriesOptions& stories);

}  // namespace gazette
