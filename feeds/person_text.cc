#include "feeds/person_text.h"

#include <string>

#include "base/text.h"
#include "feeds/html_text.h"

namespace gazette {
namespace {

bool is_local_part_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == '+';
}

bool is_domain_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.';
}

// The first local@domain.tld in `text`: its start and length, or npos.
std::pair<std::size_t, std::size_t> find_email(std::string_view text) {
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    std::size_t begin = at;
    while (begin > 0 && is_local_part_char(text[begin - 1])) --begin;
    std::size_t end = at + 1;
    while (end < text.size() && is_domain_char(text[end])) ++end;
    while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
    std::string_view domain = text.substr(at + 1, end - at - 1);
    std::size_t dot = domain.rfind('.');
    // A domain needs a dot and a top-level label after it.
    if (begin < at && dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size())
      return {begin, end - begin};
  }
  return {std::string_view::npos, 0};
}

// `text` with every occurrence of `piece` left out, in one left-to-right pass.
std::string without(std::string_view text, std::string_view piece) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    std::size_t next = text.find(piece, at);
    if (next == std::string_view::npos) next = text.size();
    out.append(text.substr(at, next - at));
    at = next == text.size() ? next : next + piece.size();
  }
  return out;
}

}  // namespace

Person person_from_text(std::string_view text) {
  Person person;
  auto [begin, length] = find_email(text);
  if (begin == std::string_view::npos) {
    person.name = collapse_whitespace(text);
    return person;
  }
  person.email = std::string(text.substr(begin, length));
  std::string rest = std::string(text.substr(0, begin)) + std::string(text.substr(begin + length));
  // The brackets the address stood in, now empty: each removed in one pass
  // (linear however many there are).
  for (std::string_view empty : {"()", "<>", "[]", "mailto:"}) rest = without(rest, empty);
  std::string_view name = trim(rest);
  // "Name (email)" leaves "Name", "email (Name)" leaves "(Name)".
  if (!name.empty() && name.front() == '(') name.remove_prefix(1);
  if (!name.empty() && name.back() == ')') name.remove_suffix(1);
  person.name = collapse_whitespace(name);
  return person;
}

}  // namespace gazette
