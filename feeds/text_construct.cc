#include "feeds/text_construct.h"

#include <cctype>
#include <string>

#include "feeds/feed_text.h"
#include "feeds/html_sanitizer.h"
#include "feeds/mojibake.h"
#include "feeds/url_normalize.h"
#include "feeds/xml_entities.h"
#include "feeds/xml_names.h"

namespace gazette {
namespace {

std::string atom_media_type(std::string_view type) {
  if (type.empty() || type == "text") return "text/plain";
  if (type == "html") return "text/html";
  if (type == "xhtml") return "application/xhtml+xml";
  std::string lower(type);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// The markup inside `element` as XHTML an HTML reader understands: an
// element in the XHTML namespace is written by its local name whatever
// prefix the feed bound it to (<xhtml:p> is <p>).
std::string xhtml_inner(pugi::xml_node element) {
  bool prefixed = false;
  for (pugi::xml_node n = element.first_child(); n && !prefixed;) {
    if (n.type() == pugi::node_element) {
      std::string_view name = n.name();
      prefixed = name.find(':') != std::string_view::npos && xmlns::uri(n) == xmlns::kXhtml;
    }
    // Depth-first over the subtree, without recursion.
    if (n.first_child()) {
      n = n.first_child();
    } else {
      while (n && n != element && !n.next_sibling()) n = n.parent();
      n = n && n != element ? n.next_sibling() : pugi::xml_node();
    }
  }
  if (!prefixed) return inner_xml(element);
  // A copy whose XHTML elements are renamed, walked beside the original
  // (whose ancestors say what each prefix means).
  pugi::xml_document copy;
  pugi::xml_node root = copy.append_child("root");
  for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) root.append_copy(c);
  pugi::xml_node original = element.first_child();
  pugi::xml_node renamed = root.first_child();
  while (original && renamed) {
    if (original.type() == pugi::node_element && xmlns::uri(original) == xmlns::kXhtml)
      renamed.set_name(std::string(xmlns::local_name(original)).c_str());
    if (original.first_child() && renamed.first_child()) {
      original = original.first_child();
      renamed = renamed.first_child();
      continue;
    }
    while (original && original != element && !original.next_sibling()) {
      original = original.parent();
      renamed = renamed.parent();
    }
    if (!original || original == element) break;
    original = original.next_sibling();
    renamed = renamed.next_sibling();
  }
  return inner_xml(root);
}

// The markup inside Atom 1.0 XHTML content without the div that wraps it
// (RFC 4287 section 3.1.1.3), when one div holds all of it; else all of it.
std::string inside_wrapping_div(pugi::xml_node element) {
  pugi::xml_node div;
  for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) {
      if (div || xmlns::local_name(c) != "div") return xhtml_inner(element);
      div = c;
    } else if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      for (char ch : std::string_view(c.value()))
        if (!std::isspace(static_cast<unsigned char>(ch))) return xhtml_inner(element);
    }
  }
  return div ? xhtml_inner(div) : xhtml_inner(element);
}

TextConstruct scoped(pugi::xml_node element, const DocumentScope& scope) {
  TextConstruct out;
  out.language = xmlns::lang_at(element, scope.language);
  out.base = xmlns::base_at(element, scope.base_url);
  return out;
}

// Text encoded to UTF-8 twice is repaired (feeds/mojibake.h), cheaply: the
// markup itself is left as published, and made safe only when it is shown
// (readable_value), so a poll, which stores FeedItem's fields, does not pay
// for sanitizing it.
void finish(TextConstruct& text) { repair_mojibake(text.value); }

// Whether a text/plain RSS value is HTML after all: it has a closing tag or
// a character reference, every tag names an element HTML allows, every
// named reference is one of HTML's.
bool looks_like_html(std::string_view s) {
  bool closing_tag = false, reference = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<') {
      std::size_t j = i + 1;
      bool closing = j < s.size() && s[j] == '/';
      if (closing) ++j;
      std::size_t name_start = j;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
      if (j == name_start) continue;
      std::string name(s.substr(name_start, j - name_start));
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (!is_safe_html_element(name)) return false;
      if (closing && j < s.size() && s[j] == '>') closing_tag = true;
    } else if (s[i] == '&') {
      std::size_t j = i + 1;
      bool numeric = j < s.size() && s[j] == '#';
      if (numeric) ++j;
      std::size_t name_start = j;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
      if (j == name_start || j >= s.size() || s[j] != ';') continue;
      if (!numeric && html_entity(s.substr(name_start, j - name_start)).empty()) return false;
      reference = true;
    }
  }
  return closing_tag || reference;
}

}  // namespace

// Atom 0.3's mode="base64", or an Atom 1.0 media type that is neither text
// nor XML (RFC 4287 section 4.1.3.3: such content is base64).
bool is_atom_base64(pugi::xml_node element, std::string_view type) {
  if (std::string_view(element.attribute("mode").value()) == "base64") return true;
  if (type.empty() || type == "text" || type == "html" || type == "xhtml") return false;
  bool xml = type.size() >= 4 &&
             (type.substr(type.size() - 4) == "+xml" || type.substr(type.size() - 4) == "/xml");
  return type.find('/') != std::string_view::npos && type.substr(0, 5) != "text/" && !xml;
}

std::string readable_value(const TextConstruct& text) {
  if (!is_markup_type(text.type)) return text.value;
  return sanitize_html(text.value, text.base, HtmlForm::published);
}

bool is_markup_type(std::string_view type) {
  return type == "text/html" || type == "application/xhtml+xml";
}

TextConstruct atom_text(pugi::xml_node element, const DocumentScope& scope) {
  TextConstruct out = scoped(element, scope);
  std::string_view type = element.attribute("type").value();
  std::string_view mode = element.attribute("mode").value();
  // type="" is kept as given (an unknown type, so the value stays as is).
  out.type = element.attribute("type") && type.empty() ? "" : atom_media_type(type);
  if (pugi::xml_attribute src = element.attribute("src");
      src && xmlns::local_name(element) == "content") {
    out.src = resolve_url(out.base, src.value());
    return out;
  }
  if (is_atom_base64(element, type)) {
    // Decoded text is the value as is: base64 hides no markup to sanitize
    // unless its type says it is markup.
    out.value = base64_text(element_text(element)).value_or("");
  } else if (mode == "escaped") {
    out.value = element_text(element);
  } else if (out.type == "application/xhtml+xml") {
    bool atom10 = xmlns::uri(element) == xmlns::kAtom;
    out.value = atom10 ? inside_wrapping_div(element) : xhtml_inner(element);
  } else if (has_child_element(element)) {
    // Markup left unescaped in a text construct is the publisher's XHTML.
    out.value = xhtml_inner(element);
    if (out.type == "text/plain") out.type = "application/xhtml+xml";
  } else {
    out.value = element_text(element);
  }
  finish(out);
  return out;
}

void read_atom_feed_text(FeedMetadata& m, pugi::xml_node element, const DocumentScope& scope) {
  std::string_view local = xmlns::local_name(element);
  std::optional<TextConstruct>* slot = nullptr;
  if (local == "title")
    slot = &m.title;
  else if (local == "subtitle" || local == "tagline")
    slot = &m.subtitle;
  else if (local == "rights" || local == "copyright")
    slot = &m.rights;
  else if (local == "info")
    slot = &m.info;
  if (slot && !*slot) *slot = atom_text(element, scope);
}

TextConstruct rss_text(pugi::xml_node element, const DocumentScope& scope, std::string_view type) {
  TextConstruct out = scoped(element, scope);
  out.type = std::string(type);
  out.value = element_markup(element);
  // Markup left unescaped is the publisher's XHTML.
  if (has_child_element(element)) {
    out.type = "application/xhtml+xml";
    out.value = xhtml_inner(element);
  } else if (out.type == "text/plain" && looks_like_html(out.value))
    out.type = "text/html";
  finish(out);
  return out;
}

TextConstruct xhtml_text(pugi::xml_node element, const DocumentScope& scope) {
  TextConstruct out = scoped(element, scope);
  out.type = "application/xhtml+xml";
  out.value = xhtml_inner(element);
  finish(out);
  return out;
}

}  // namespace gazette
