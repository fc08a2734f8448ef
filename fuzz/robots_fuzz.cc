// robots.txt: parsing, and matching paths against what was parsed (patterns
// with '*' and '$' are where matching can go wrong or slow).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feeds/robots_txt.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gazette;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  RobotsRules rules = parse_robots_txt(body, "Gazette");
  (void)rules.allowed("/");
  (void)rules.allowed("/2025/11/story/?amp=1");
  // Each pattern as a path: wildcards meeting literal '*' and '$'.
  std::size_t checked = 0;
  for (const RobotsRules::Rule& rule : rules.rules) {
    if (++checked > 16) break;
    (void)rules.allowed(rule.pattern);
  }
  // The last line of the file as a path, so the fuzzer controls one too.
  std::size_t last = body.rfind('\n');
  (void)rules.allowed(last == std::string_view::npos ? body : body.substr(last + 1));
  return 0;
}
