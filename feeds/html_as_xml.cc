#include "feeds/html_as_xml.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "feeds/html_limits.h"

namespace gazette {
namespace {

// What the HTML5 tree-construction rules do with an element, as far as the
// fast path needs to know (https://html.spec.whatwg.org/#parsing-main-inbody).
enum ElementTrait : unsigned {
  kVoid = 1u << 0,        // no end tag: <br/> only, never <br></br>
  kClosesP = 1u << 1,     // its start tag closes an open <p>
  kSpecial = 1u << 2,     // "special" category: stops the <li>/<dd> search
  kListSearch = 1u << 3,  // address, div, p: special, yet the search goes past
  kHeading = 1u << 4,     // h1..h6: closes a heading that is the current node
  kParagraph = 1u << 5,
  kAnchor = 1u << 6,
  kListItem = 1u << 7,  // li: closes an open li
  kDefItem = 1u << 8,   // dd, dt: close an open dd or dt
  kPre = 1u << 9,       // drops a newline right after its start tag
};

struct ElementInfo {
  std::string_view name;
  unsigned traits;
};

constexpr unsigned kBlock = kClosesP | kSpecial;

// Sorted by name for binary search. Everything else (tables, forms, scripts,
// foreign content, custom elements, html/head/body themselves) goes to gumbo.
constexpr std::array kElements = {
    ElementInfo{"a", kAnchor},
    ElementInfo{"abbr", 0},
    ElementInfo{"address", kBlock | kListSearch},
    ElementInfo{"article", kBlock},
    ElementInfo{"aside", kBlock},
    ElementInfo{"b", 0},
    ElementInfo{"bdi", 0},
    ElementInfo{"bdo", 0},
    ElementInfo{"big", 0},
    ElementInfo{"blockquote", kBlock},
    ElementInfo{"br", kVoid | kSpecial},
    ElementInfo{"center", kBlock},
    ElementInfo{"cite", 0},
    ElementInfo{"code", 0},
    ElementInfo{"data", 0},
    ElementInfo{"dd", kBlock | kDefItem},
    ElementInfo{"del", 0},
    ElementInfo{"details", kBlock},
    ElementInfo{"dfn", 0},
    ElementInfo{"div", kBlock | kListSearch},
    ElementInfo{"dl", kBlock},
    ElementInfo{"dt", kBlock | kDefItem},
    ElementInfo{"em", 0},
    ElementInfo{"figcaption", kBlock},
    ElementInfo{"figure", kBlock},
    ElementInfo{"font", 0},
    ElementInfo{"footer", kBlock},
    ElementInfo{"h1", kBlock | kHeading},
    ElementInfo{"h2", kBlock | kHeading},
    ElementInfo{"h3", kBlock | kHeading},
    ElementInfo{"h4", kBlock | kHeading},
    ElementInfo{"h5", kBlock | kHeading},
    ElementInfo{"h6", kBlock | kHeading},
    ElementInfo{"header", kBlock},
    ElementInfo{"hr", kBlock | kVoid},
    ElementInfo{"i", 0},
    ElementInfo{"img", kVoid | kSpecial},
    ElementInfo{"ins", 0},
    ElementInfo{"kbd", 0},
    ElementInfo{"li", kBlock | kListItem},
    ElementInfo{"main", kBlock},
    ElementInfo{"mark", 0},
    ElementInfo{"nav", kBlock},
    ElementInfo{"ol", kBlock},
    ElementInfo{"p", kBlock | kListSearch | kParagraph},
    ElementInfo{"pre", kBlock | kPre},
    ElementInfo{"q", 0},
    ElementInfo{"s", 0},
    ElementInfo{"samp", 0},
    ElementInfo{"section", kBlock},
    ElementInfo{"small", 0},
    ElementInfo{"span", 0},
    ElementInfo{"strike", 0},
    ElementInfo{"strong", 0},
    ElementInfo{"sub", 0},
    ElementInfo{"summary", kBlock},
    ElementInfo{"sup", 0},
    ElementInfo{"time", 0},
    ElementInfo{"tt", 0},
    ElementInfo{"u", 0},
    ElementInfo{"ul", kBlock},
    ElementInfo{"var", 0},
    ElementInfo{"wbr", kVoid | kSpecial},
};

const ElementInfo* find_element(std::string_view name) {
  auto it = std::lower_bound(kElements.begin(), kElements.end(), name,
                             [](const ElementInfo& e, std::string_view n) { return e.name < n; });
  return it != kElements.end() && it->name == name ? &*it : nullptr;
}

bool is_void_element(std::string_view name) {
  const ElementInfo* e = find_element(name);
  return e && (e->traits & kVoid);
}

// Code points both parsers keep as they are. gumbo replaces or remaps the
// others (controls, C1, noncharacters; in references also 0x80-0x9F, which
// HTML reads as windows-1252).
bool plain_code_point(std::uint32_t c) {
  if (c < 0x20) return c == '\t' || c == '\n';
  if (c >= 0x7F && c <= 0x9F) return false;
  if (c >= 0xD800 && c <= 0xDFFF) return false;
  if (c >= 0xFDD0 && c <= 0xFDEF) return false;
  if ((c & 0xFFFE) == 0xFFFE) return false;
  if (c == 0xFEFF) return false;  // a BOM: gumbo may drop it
  return c <= 0x10FFFF;
}

// Length of the valid UTF-8 sequence at s[i] whose code point is plain, or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) -> unsigned {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
  };
  unsigned b0 = byte(0);
  std::size_t len;
  std::uint32_t cp;
  unsigned lo = 0x80, hi = 0xBF;  // the bounds of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  for (std::size_t k = 1; k < len; ++k) {
    unsigned b = byte(k);
    if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  return plain_code_point(cp) ? len : 0;
}

// Length of the character reference at s[i] (an '&') when pugixml decodes it
// exactly as HTML does, or 0: the five XML names and plain numeric references.
std::size_t plain_reference(std::string_view s, std::size_t i) {
  std::string_view rest = s.substr(i + 1);
  for (std::string_view name : {"lt;", "gt;", "amp;", "quot;", "apos;"})
    if (rest.starts_with(name)) return name.size() + 1;
  if (!rest.starts_with('#')) return 0;
  bool hex = rest.size() > 1 && rest[1] == 'x';  // pugixml reads a lower-case x only
  std::size_t k = hex ? 2 : 1;
  std::uint32_t value = 0;
  std::size_t digits = 0;
  for (; k < rest.size() && digits < 8; ++k, ++digits) {
    char c = rest[k];
    unsigned d;
    if (c >= '0' && c <= '9') {
      d = static_cast<unsigned>(c - '0');
    } else if (hex && c >= 'a' && c <= 'f') {
      d = static_cast<unsigned>(c - 'a' + 10);
    } else if (hex && c >= 'A' && c <= 'F') {
      d = static_cast<unsigned>(c - 'A' + 10);
    } else {
      break;
    }
    value = value * (hex ? 16 : 10) + d;
  }
  if (digits == 0 || digits >= 8 || k >= rest.size() || rest[k] != ';') return 0;
  return plain_code_point(value) ? k + 2 : 0;
}

std::string_view tag_name_at(std::string_view s, std::size_t i) {
  std::size_t end = i;
  while (end < s.size() && ((s[end] >= 'a' && s[end] <= 'z') || (s[end] >= '0' && s[end] <= '9')))
    ++end;
  return s.substr(i, end - i);
}

// The byte-level checks pugixml cannot make: characters and references HTML
// reads differently, comments/CDATA/doctypes/processing instructions, end
// tags of void elements (HTML reads </br> as <br>) and the self-closing
// syntax on other elements (HTML ignores the slash in <p/>).
bool plain_bytes(std::string_view s) {
  std::size_t last_tag = std::string_view::npos;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      std::size_t len = utf8_sequence(s, i);
      if (len == 0) return false;
      i += len;
      continue;
    }
    switch (c) {
      case '&': {
        std::size_t len = plain_reference(s, i);
        if (len == 0) return false;
        i += len;
        continue;
      }
      case '<':
        if (i + 1 < s.size() && (s[i + 1] == '!' || s[i + 1] == '?')) return false;
        if (i + 1 < s.size() && s[i + 1] == '/' && is_void_element(tag_name_at(s, i + 2)))
          return false;
        last_tag = i;
        break;
      case '/':
        // The '/' of "/>" in a start tag, or "/ >", which pugixml might read
        // as self-closing too. Attribute values holding '<' are refused after
        // parsing, so the last '<' is this tag's.
        if (last_tag != std::string_view::npos) {
          std::size_t next = i + 1;
          while (next < s.size() && (s[next] == ' ' || s[next] == '\t' || s[next] == '\n')) ++next;
          if (next < s.size() && s[next] == '>' && !is_void_element(tag_name_at(s, last_tag + 1)))
            return false;
        }
        break;
      case '\t':
      case '\n':
        break;
      default:
        // Controls, and \r too: rare once a feed's XML parser has folded
        // line ends, and not worth reasoning about.
        if (c < 0x20 || c == 0x7F) return false;
        break;
    }
    ++i;
  }
  return true;
}

bool plain_attribute_name(const char* name) {
  if (!*name || !((*name >= 'a' && *name <= 'z') || *name == '_')) return false;
  for (const char* p = name; *p; ++p) {
    char c = *p;
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
      return false;
  }
  return true;
}

// More attributes than this on one element go to gumbo: the duplicate check
// below is quadratic.
constexpr int kMaxAttributes = 32;

bool plain_attributes(pugi::xml_node element) {
  int count = 0;
  for (pugi::xml_attribute a = element.first_attribute(); a; a = a.next_attribute()) {
    if (++count > kMaxAttributes || !plain_attribute_name(a.name())) return false;
    for (pugi::xml_attribute b = element.first_attribute(); b != a; b = b.next_attribute())
      if (std::string_view(a.name()) == b.name()) return false;  // HTML keeps the first
    if (std::string_view(a.value()).find('<') != std::string_view::npos) return false;
  }
  return true;
}

// What the open elements above a node imply for it.
struct Scope {
  bool in_paragraph = false;    // a <p> is open: a block start tag would close it
  bool in_anchor = false;       // an <a> is open: another <a> would close it
  bool li_reachable = false;    // an <li> start tag would find and close an open <li>
  bool dd_reachable = false;    // the same for <dd>/<dt>
  bool parent_heading = false;  // the current node is h1..h6
};

Scope scope_inside(const Scope& outer, unsigned traits) {
  Scope s = outer;
  s.in_paragraph = outer.in_paragraph || (traits & kParagraph);
  s.in_anchor = outer.in_anchor || (traits & kAnchor);
  bool stops_search = (traits & kSpecial) && !(traits & kListSearch);
  s.li_reachable = (traits & kListItem) || (!stops_search && outer.li_reachable);
  s.dd_reachable = (traits & kDefItem) || (!stops_search && outer.dd_reachable);
  s.parent_heading = traits & kHeading;
  return s;
}

// True when every element under `body` is one HTML5 would nest exactly as
// written.
bool plain_tree(pugi::xml_node body) {
  std::vector<Scope> open{Scope{}};  // <body> is special: the searches stop there
  pugi::xml_node node = body.first_child();
  while (node) {
    if (node.type() == pugi::node_element) {
      const ElementInfo* info = find_element(node.name());
      if (!info) return false;
      const Scope& outer = open.back();
      unsigned t = info->traits;
      if ((t & kClosesP) && outer.in_paragraph) return false;
      if ((t & kAnchor) && outer.in_anchor) return false;
      if ((t & kListItem) && outer.li_reachable) return false;
      if ((t & kDefItem) && outer.dd_reachable) return false;
      if ((t & kHeading) && outer.parent_heading) return false;
      if ((t & kVoid) && node.first_child()) return false;
      if ((t & kPre) && node.first_child().type() == pugi::node_pcdata &&
          node.first_child().value()[0] == '\n')
        return false;
      if (!plain_attributes(node)) return false;
      if (node.first_child()) {
        // Deeper than the DOM may be: gumbo's path cuts and flags it.
        if (open.size() >= kMaxDomDepth) return false;
        open.push_back(scope_inside(outer, t));
        node = node.first_child();
        continue;
      }
    } else if (node.type() != pugi::node_pcdata) {
      return false;
    }
    // Next in document order: a sibling, or the sibling of an ancestor.
    while (!node.next_sibling()) {
      node = node.parent();
      open.pop_back();
      if (node == body) return true;
    }
    node = node.next_sibling();
  }
  return true;
}

bool html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

}  // namespace

std::optional<pugi::xml_document> parse_html_as_xml(std::string_view fragment) {
  // HTML drops whitespace before the first content of a document.
  std::size_t start = 0;
  while (start < fragment.size() && html_space(fragment[start])) ++start;
  fragment.remove_prefix(start);
  if (!plain_bytes(fragment)) return std::nullopt;

  static constexpr std::string_view kOpen = "<html><head></head><body>";
  static constexpr std::string_view kClose = "</body></html>";
  std::string wrapped;
  wrapped.reserve(kOpen.size() + fragment.size() + kClose.size());
  wrapped.append(kOpen).append(fragment).append(kClose);

  std::optional<pugi::xml_document> doc(std::in_place);
  // No whitespace conversion in attributes (HTML keeps tabs and newlines);
  // whitespace-only text kept, as HTML keeps it.
  constexpr unsigned kOptions = pugi::parse_escapes | pugi::parse_eol | pugi::parse_ws_pcdata;
  pugi::xml_parse_result result =
      doc->load_buffer(wrapped.data(), wrapped.size(), kOptions, pugi::encoding_utf8);
  if (!result) return std::nullopt;
  // The wrapper must still be the whole frame: one <html> holding an empty
  // <head> and the <body>, nothing beside them.
  pugi::xml_node html = doc->first_child();
  if (!html || html.next_sibling() || std::string_view(html.name()) != "html" ||
      html.first_attribute())
    return std::nullopt;
  pugi::xml_node head = html.first_child();
  pugi::xml_node body = head.next_sibling();
  if (std::string_view(head.name()) != "head" || head.first_child() || head.first_attribute() ||
      std::string_view(body.name()) != "body" || body.first_attribute() || body.next_sibling())
    return std::nullopt;
  if (!plain_tree(body)) return std::nullopt;
  return doc;
}

}  // namespace gazette
