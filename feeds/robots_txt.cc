#include "feeds/robots_txt.h"

#include <cctype>

#include "base/text.h"

namespace gazette {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// Matches `pattern` (with '*' and a final '$') against the start of `path`.
bool matches(std::string_view pattern, std::string_view path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // Iterative wildcard match with backtracking to the last '*'.
  std::size_t p = 0, s = 0, star = std::string_view::npos, star_s = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
      if (star == std::string_view::npos) return false;
    } else if (pattern[p] == '*') {
      star = p++;
      star_s = s;
      continue;
    } else if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    } else if (star == std::string_view::npos) {
      return false;
    }
    if (star_s >= path.size()) return false;
    p = star + 1;
    s = ++star_s;
  }
}

}  // namespace

RobotsRules RobotsRules::disallow_all() {
  RobotsRules r;
  r.rules.push_back({false, "/"});
  return r;
}

bool RobotsRules::allowed(std::string_view path) const {
  if (path.empty()) path = "/";
  std::size_t best_length = 0;
  bool best_allow = true;
  bool found = false;
  for (const Rule& rule : rules) {
    if (!matches(rule.pattern, path)) continue;
    std::size_t length = rule.pattern.size();
    if (!found || length > best_length || (length == best_length && rule.allow)) {
      best_length = length;
      best_allow = rule.allow;
      found = true;
    }
  }
  return best_allow;
}

RobotsRules parse_robots_txt(std::string_view body, std::string_view agent) {
  // Collect the rules of the groups for `agent` and for "*" separately.
  RobotsRules mine, everyone;
  bool in_mine = false, in_everyone = false, last_was_agent = false;
  bool saw_mine = false;
  std::size_t pos = 0;
  while (pos <= body.size()) {
    std::size_t end = body.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(pos, end - pos);
    pos = end + 1;
    if (std::size_t hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      if (end == body.size()) break;
      continue;
    }
    std::string_view key = trim(line.substr(0, colon));
    std::string_view value = trim(line.substr(colon + 1));
    if (iequals(key, "user-agent")) {
      if (!last_was_agent) in_mine = in_everyone = false;  // a new group starts
      if (value == "*") {
        in_everyone = true;
      } else if (iequals(value, agent)) {
        in_mine = saw_mine = true;
      }
      last_was_agent = true;
    } else if (iequals(key, "allow") || iequals(key, "disallow")) {
      last_was_agent = false;
      bool allow = iequals(key, "allow");
      if (value.empty()) continue;  // "Disallow:" with nothing allows everything
      if (in_mine) mine.rules.push_back({allow, std::string(value)});
      if (in_everyone) everyone.rules.push_back({allow, std::string(value)});
    } else {
      last_was_agent = false;  // sitemap, crawl-delay, ...: not group members we use
    }
    if (end == body.size()) break;
  }
  return saw_mine ? mine : everyone;
}

}  // namespace gazette
