#include "feeds/css_filter.h"

#include <cctype>
#include <string>
#include <vector>

namespace gazette {
namespace {

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool in_list(std::string_view s, std::initializer_list<std::string_view> list) {
  for (std::string_view item : list)
    if (s == item) return true;
  return false;
}

// Properties whose every value is harmless: they style text and boxes in
// place and cannot load anything once url() is gone.
bool is_allowed_property(std::string_view name) {
  return in_list(name, {"azimuth",
                        "background-color",
                        "border-bottom-color",
                        "border-collapse",
                        "border-color",
                        "border-left-color",
                        "border-right-color",
                        "border-top-color",
                        "clear",
                        "color",
                        "cursor",
                        "direction",
                        "display",
                        "elevation",
                        "float",
                        "font",
                        "font-family",
                        "font-size",
                        "font-style",
                        "font-variant",
                        "font-weight",
                        "height",
                        "letter-spacing",
                        "line-height",
                        "overflow",
                        "pause",
                        "pause-after",
                        "pause-before",
                        "pitch",
                        "pitch-range",
                        "richness",
                        "speak",
                        "speak-header",
                        "speak-numeral",
                        "speak-punctuation",
                        "speech-rate",
                        "stress",
                        "text-align",
                        "text-decoration",
                        "text-indent",
                        "unicode-bidi",
                        "vertical-align",
                        "voice-family",
                        "volume",
                        "white-space",
                        "width"});
}

// Keywords a background, border, margin or padding shorthand may hold.
bool is_allowed_keyword(std::string_view word) {
  return in_list(
      word,
      {"aqua",       "auto",   "black",    "block",       "blue",      "bold",    "both",  "bottom",
       "brown",      "center", "collapse", "dashed",      "dotted",    "fuchsia", "gray",  "green",
       "!important", "italic", "left",     "lime",        "maroon",    "medium",  "none",  "navy",
       "normal",     "nowrap", "olive",    "pointer",     "purple",    "red",     "right", "solid",
       "silver",     "teal",   "top",      "transparent", "underline", "white",   "yellow"});
}

// A colour or a length in a shorthand, one whitespace-separated word of it:
// #hex, rgb(n,n,n) (split over words when written with spaces), or a number
// of at most two digits either side of the point with an optional unit.
bool is_plain_value(std::string_view w) {
  if (!w.empty() && w[0] == '#') {
    if (w.size() == 1) return false;
    for (char c : w.substr(1))
      if (!std::isxdigit(static_cast<unsigned char>(c)) ||
          std::isupper(static_cast<unsigned char>(c)))
        return false;
    return true;
  }
  if (w.substr(0, 4) == "rgb(") {
    std::string_view rest = w.substr(4);
    std::size_t digits = 0;
    while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
    if (digits == 0) return false;
    for (char c : rest.substr(digits))
      if (!std::isdigit(static_cast<unsigned char>(c)) && c != '%' && c != ',' && c != ')')
        return false;
    return true;
  }
  std::size_t i = 0, n = 0;
  while (i < w.size() && n < 2 && std::isdigit(static_cast<unsigned char>(w[i]))) ++i, ++n;
  if (i < w.size() && w[i] == '.') ++i;
  n = 0;
  while (i < w.size() && n < 2 && std::isdigit(static_cast<unsigned char>(w[i]))) ++i, ++n;
  std::string_view unit = w.substr(i);
  return unit.empty() ||
         in_list(unit, {"cm", "em", "ex", "in", "mm", "pc", "pt", "px", "%", ",", ")"});
}

// url(...) references removed (each replaced by a space).
std::string without_urls(std::string_view style) {
  std::string out;
  std::size_t i = 0;
  while (i < style.size()) {
    std::size_t u = i;
    bool found = false;
    for (; u + 3 <= style.size(); ++u) {
      if (lower(style.substr(u, 3)) != "url") continue;
      std::size_t p = u + 3;
      while (p < style.size() && is_space(style[p])) ++p;
      if (p < style.size() && style[p] == '(') {
        std::size_t close = style.find(')', p);
        if (close != std::string_view::npos) {
          out.append(style.substr(i, u - i));
          out += ' ';
          i = close + 1;
          found = true;
          break;
        }
      }
    }
    if (!found) {
      out.append(style.substr(i));
      break;
    }
  }
  return out;
}

// Only the characters plain declarations need: letters, digits, spaces and
// :,;#%.! , a hyphen between word characters, quoted words, and parentheses
// around numbers. Anything else (backslash escapes, comments, /, @, {, ...)
// makes the whole style suspect.
bool has_only_plain_characters(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (std::isalnum(static_cast<unsigned char>(c)) || is_space(c) ||
        std::string_view(":,;#%.!").find(c) != std::string_view::npos)
      continue;
    if (c == '-' && i > 0 && i + 1 < s.size() && is_word(s[i - 1]) && is_word(s[i + 1])) continue;
    if (c == '\'' || c == '"') {
      std::size_t close = s.find(c, i + 1);
      if (close == std::string_view::npos || close == i + 1) return false;
      for (std::size_t j = i + 1; j < close; ++j)
        if (!is_word(s[j]) && !is_space(s[j])) return false;
      i = close;
      continue;
    }
    if (c == '(') {
      std::size_t close = s.find(')', i + 1);
      if (close == std::string_view::npos || close == i + 1) return false;
      for (std::size_t j = i + 1; j < close; ++j)
        if (!std::isdigit(static_cast<unsigned char>(s[j])) && s[j] != ',' && !is_space(s[j]))
          return false;
      i = close;
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace

std::string filter_css(std::string_view style) {
  std::string css = without_urls(style);
  if (!has_only_plain_characters(css)) return {};
  struct Declaration {
    std::string_view property, value;
  };
  std::vector<Declaration> declarations;
  std::string_view rest = css;
  while (!rest.empty()) {
    std::size_t end = rest.find(';');
    std::string_view piece = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    std::size_t start = 0;
    while (start < piece.size() && is_space(piece[start])) ++start;
    piece.remove_prefix(start);
    if (piece.empty()) continue;
    std::size_t colon = piece.find(':');
    if (colon == std::string_view::npos) return {};  // not a declaration
    std::string_view property = piece.substr(0, colon);
    while (!property.empty() && is_space(property.back())) property.remove_suffix(1);
    if (property.empty()) return {};
    for (char c : property)
      if (!is_word(c) && c != '-') return {};
    std::string_view value = piece.substr(colon + 1);
    if (value.find(':') != std::string_view::npos) return {};
    while (!value.empty() && is_space(value.front())) value.remove_prefix(1);
    declarations.push_back({property, value});
  }
  std::string out;
  for (const Declaration& d : declarations) {
    if (d.value.empty()) continue;
    std::string name = lower(d.property);
    bool keep = is_allowed_property(name);
    std::string_view family = std::string_view(name).substr(0, name.find('-'));
    if (!keep && in_list(family, {"background", "border", "margin", "padding"})) {
      keep = true;
      std::string_view words = d.value;
      while (keep && !words.empty()) {
        std::size_t s = 0;
        while (s < words.size() && is_space(words[s])) ++s;
        words.remove_prefix(s);
        std::size_t e = 0;
        while (e < words.size() && !is_space(words[e])) ++e;
        std::string_view word = words.substr(0, e);
        words.remove_prefix(e);
        if (!word.empty() && !is_allowed_keyword(word) && !is_plain_value(word)) keep = false;
      }
    }
    if (!keep) continue;
    if (!out.empty()) out += ' ';
    out.append(d.property);
    out += ": ";
    out.append(d.value);
    out += ';';
  }
  return out;
}

}  // namespace gazette
