#include "feeds/xml_entities.h"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace gazette {
namespace {

struct Entity {
  std::string_view name;
  std::string_view text;
};

constexpr Entity kEntities[] = {
#include "feeds/html_entity_table.inc"
};

bool is_xml_entity(std::string_view name) {
  return name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
}

// Length of a reference name at `s` (letters and digits), 0 if none.
std::size_t name_length(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && n < 40 && std::isalnum(static_cast<unsigned char>(s[n]))) ++n;
  return n;
}

}  // namespace

std::string_view html_entity(std::string_view name) {
  auto it = std::lower_bound(std::begin(kEntities), std::end(kEntities), name,
                             [](const Entity& e, std::string_view n) { return e.name < n; });
  if (it != std::end(kEntities) && it->name == name) return it->text;
  return {};
}

bool repair_xml_entities(std::string_view xml, std::string& out) {
  out.clear();
  bool changed = false;
  std::size_t copied = 0;  // xml[0, copied) is already in `out` (once changed)
  auto replace = [&](std::size_t from, std::size_t to, std::string_view with) {
    if (!changed) {
      out.reserve(xml.size() + 64);
      changed = true;
    }
    out.append(xml.substr(copied, from - copied));
    out.append(with);
    copied = to;
  };

  std::size_t i = 0;
  while (i < xml.size()) {
    std::size_t next = xml.find_first_of("<&", i);
    if (next == std::string_view::npos) break;
    i = next;
    if (xml[i] == '<') {
      // Skip markup whose text is not parsed for references.
      std::string_view rest = xml.substr(i);
      std::string_view end_marker;
      if (rest.substr(0, 9) == "<![CDATA[") end_marker = "]]>";
      else if (rest.substr(0, 4) == "<!--") end_marker = "-->";
      else if (rest.substr(0, 2) == "<?") end_marker = "?>";
      if (end_marker.empty()) {
        ++i;
        continue;
      }
      std::size_t end = xml.find(end_marker, i + 2);
      if (end == std::string_view::npos) break;
      i = end + end_marker.size();
      continue;
    }
    // xml[i] == '&'
    std::string_view rest = xml.substr(i + 1);
    if (!rest.empty() && rest[0] == '#') {
      std::size_t n = 1;
      bool hex = rest.size() > 1 && (rest[1] == 'x' || rest[1] == 'X');
      if (hex) ++n;
      std::size_t digits = 0;
      while (n < rest.size() && (hex ? std::isxdigit(static_cast<unsigned char>(rest[n]))
                                     : std::isdigit(static_cast<unsigned char>(rest[n])))) {
        ++n;
        ++digits;
      }
      if (digits > 0 && n < rest.size() && rest[n] == ';') {
        i += n + 2;
        continue;
      }
      replace(i, i + 1, "&amp;");
      ++i;
      continue;
    }
    std::size_t n = name_length(rest);
    if (n > 0 && n < rest.size() && rest[n] == ';') {
      std::string_view name = rest.substr(0, n);
      if (is_xml_entity(name)) {
        i += n + 2;
        continue;
      }
      std::string_view text = html_entity(name);
      if (!text.empty()) {
        // Replacements that are markup characters must stay escaped.
        if (text == "&") text = "&amp;";
        else if (text == "<") text = "&lt;";
        else if (text == ">") text = "&gt;";
        else if (text == "\"") text = "&quot;";
        else if (text == "'") text = "&apos;";
        replace(i, i + n + 2, text);
        i += n + 2;
        continue;
      }
    }
    // An ampersand that starts no known reference: make it literal.
    replace(i, i + 1, "&amp;");
    ++i;
  }
  if (changed) out.append(xml.substr(copied));
  return changed;
}

}  // namespace gazette
