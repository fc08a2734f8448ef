// robots.txt (RFC 9309): which paths a crawler may fetch.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gazette {

class RobotsRules {
 public:
  // Everything allowed (no robots.txt, or a 4xx for it).
  static RobotsRules allow_all() { return RobotsRules(); }
  // Nothing allowed (robots.txt unreachable or 5xx: RFC 9309 2.3.1.4).
  static RobotsRules disallow_all();

  // `path` is the URL's path and query, e.g. "/2025/11/story/?amp=1".
  bool allowed(std::string_view path) const;

  struct Rule {
    bool allow;
    std::string pattern;  // may hold '*' wildcards and a trailing '$'
  };
  std::vector<Rule> rules;
};

// Parses robots.txt for a crawler whose product token is `agent` (e.g.
// "Gazette"): the groups naming it (case-insensitive) apply, else those for
// "*". The longest matching pattern wins; on a tie, Allow wins.
RobotsRules parse_robots_txt(std::string_view body, std::string_view agent);

}  // namespace gazette
