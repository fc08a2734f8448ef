#include "feeds/xml_entities.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "feeds/charset.h"

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

// The character each of XML's predefined entities stands for.
std::string_view xml_entity_text(std::string_view name) {
  if (name == "amp") return "&";
  if (name == "lt") return "<";
  if (name == "gt") return ">";
  if (name == "quot") return "\"";
  return "'";  // apos
}

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Length of a reference name at `s` (letters and digits), 0 if none. The
// longest HTML5 name has 31 characters.
std::size_t name_length(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && n < 40 && is_ascii_alnum(s[n])) ++n;
  return n;
}

// Length of "#NN;" / "#xHH;" at `s` (after the '&'), 0 if it is not one.
// `code` receives the code point.
std::size_t numeric_reference_length(std::string_view s, std::uint32_t& code) {
  if (s.empty() || s[0] != '#') return 0;
  std::size_t n = 1;
  bool hex = n < s.size() && (s[n] == 'x' || s[n] == 'X');
  if (hex) ++n;
  std::size_t first_digit = n;
  std::uint64_t value = 0;
  while (n < s.size() && (hex ? is_hex_digit(s[n]) : is_digit(s[n]))) {
    char c = s[n];
    int digit = is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
    if (value < 0x110000) value = value * (hex ? 16 : 10) + digit;
    ++n;
  }
  if (n == first_digit || n >= s.size() || s[n] != ';') return 0;
  code = static_cast<std::uint32_t>(std::min<std::uint64_t>(value, 0x110000));  // beyond Unicode
  return n + 1;
}

// A numeric reference's code point as HTML reads it. &#128;..&#159; are
// windows-1252 (publishers pasting from Word write &#146; for a right
// quote); XML would give invisible C1 controls. NUL, surrogates and code
// points beyond Unicode are U+FFFD: pugixml would write a NUL that cuts the
// field, or bytes that are not UTF-8 (fuzz/feed_fuzz.cc found &#xD800;).
std::uint32_t remap_c1(std::uint32_t cp) {
  if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0xFFFD;
  return cp >= 0x80 && cp <= 0x9F ? windows1252_code_point(static_cast<unsigned char>(cp)) : cp;
}

// Appends "&#xHH;" for each code point of the UTF-8 `text` (an entity's
// replacement, always valid UTF-8 from the generated table).
void append_numeric_references(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    std::uint32_t cp;
    std::size_t len;
    if (byte(0) < 0x80) {
      cp = byte(0), len = 1;
    } else if (byte(0) < 0xE0) {
      cp = ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F), len = 2;
    } else if (byte(0) < 0xF0) {
      cp = ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F), len = 3;
    } else {
      cp = ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) |
           (byte(3) & 0x3F);
      len = 4;
    }
    out += fmt::format("&#x{:X};", cp);
    i += len;
  }
}

// html_entity, but with XHTML 1.0's meaning for the names HTML5 redefined.
std::string_view xhtml1_entity(std::string_view name);

}  // namespace

std::string_view html_entity(std::string_view name) {
  auto it = std::lower_bound(std::begin(kEntities), std::end(kEntities), name,
                             [](const Entity& e, std::string_view n) { return e.name < n; });
  if (it != std::end(kEntities) && it->name == name) return it->text;
  return {};
}

bool repair_xml_entities(std::string_view xml, std::string& out, XmlEntities xml_entities,
                         std::string* undefined) {
  // A NUL byte would end pugixml's string where it stands, cutting the
  // title or body it is in: it becomes U+FFFD as HTML5 reads it, written as
  // a reference so that it holds in any declared encoding (and inside
  // CDATA the HTML parser of the content decodes it).
  if (xml.find('\0') != std::string_view::npos) {
    std::string clean;
    clean.reserve(xml.size() + 16);
    for (char c : xml) {
      if (c == '\0')
        clean += "&#xFFFD;";
      else
        clean += c;
    }
    if (!repair_xml_entities(clean, out, xml_entities, undefined)) out = std::move(clean);
    return true;
  }
  out.clear();
  bool changed = false;
  std::size_t copied = 0;  // xml[0, copied) is already in `out` (once changed)
  auto flush_to = [&](std::size_t from) {
    if (!changed) {
      out.reserve(xml.size() + xml.size() / 16);
      changed = true;
    }
    out.append(xml.substr(copied, from - copied));
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
      if (rest.substr(0, 9) == "<![CDATA[") {
        end_marker = "]]>";
      } else if (rest.substr(0, 4) == "<!--") {
        end_marker = "-->";
      } else if (rest.substr(0, 2) == "<?") {
        end_marker = "?>";
      }
      if (end_marker.empty()) {
        ++i;
        continue;
      }
      std::size_t end = xml.find(end_marker, i + 2);
      if (end == std::string_view::npos) {
        // Unterminated: not a section pugixml will skip (a "<!--" inside an
        // attribute value, or a truncated document), so the references
        // after it still need the repair (fuzz: a surrogate got through).
        ++i;
        continue;
      }
      i = end + end_marker.size();
      continue;
    }
    // xml[i] == '&'
    std::string_view rest = xml.substr(i + 1);
    std::uint32_t code;
    if (std::size_t len = numeric_reference_length(rest, code)) {
      // &#0; would be a NUL in pugixml's text, cutting the field there:
      // U+FFFD instead, as HTML5 reads it (and so for surrogates).
      std::uint32_t mapped =
          code == 0 || (code >= 0xD800 && code <= 0xDFFF) ? 0xFFFD : remap_c1(code);
      // HTML also reads &#X41; (XML only &#x41;): written as XML's form.
      if (mapped != code || rest[1] == 'X') {
        flush_to(i);
        out += fmt::format("&#x{:X};", mapped);
        copied = i + 1 + len;
      }
      i += 1 + len;
      continue;
    }
    std::size_t n = name_length(rest);
    if (n > 0 && n < rest.size() && rest[n] == ';') {
      std::string_view name = rest.substr(0, n);
      if (is_xml_entity(name)) {
        if (xml_entities == XmlEntities::numeric) {
          flush_to(i);
          append_numeric_references(out, xml_entity_text(name));
          copied = i + n + 2;
        }
        i += n + 2;
        continue;
      }
      std::string_view text = xhtml1_entity(name);
      if (!text.empty()) {
        if (undefined && undefined->empty()) *undefined = name;
        flush_to(i);
        append_numeric_references(out, text);
        i += n + 2;
        copied = i;
        continue;
      }
    }
    // An ampersand that starts no known reference: make it literal.
    flush_to(i);
    out += "&amp;";
    ++i;
    copied = i;
  }
  if (changed) out.append(xml.substr(copied));
  return changed;
}

namespace {

std::string_view xhtml1_entity(std::string_view name) {
  if (name == "lang") return "\u2329";
  if (name == "rang") return "\u232A";
  return html_entity(name);
}

}  // namespace

bool decode_html_references(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t amp = text.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, amp - i));
    std::string_view rest = text.substr(amp + 1);
    std::uint32_t code;
    if (std::size_t len = numeric_reference_length(rest, code)) {
      append_utf8(out, remap_c1(code));
      i = amp + 1 + len;
      continue;
    }
    std::size_t n = name_length(rest);
    if (n == 0 && !rest.empty() && rest[0] == '#') return false;  // "&#12" unterminated
    if (n == 0) {  // "AT& T", "a && b": never a reference in HTML either
      out += '&';
      i = amp + 1;
      continue;
    }
    if (n >= rest.size() || rest[n] != ';') return false;
    std::string_view replacement = html_entity(rest.substr(0, n));
    if (replacement.empty()) return false;
    out.append(replacement);
    i = amp + n + 2;
  }
  return true;
}

}  // namespace gazette
