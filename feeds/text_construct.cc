#include "feeds/text_construct.h"

#include <string>

#include "feeds/feed_text.h"
#include "feeds/xml_names.h"

namespace gazette {
namespace {

// The div that wraps XHTML content, per RFC 4287 section 3.1.1.3.
pugi::xml_node xhtml_div(pugi::xml_node element) {
  for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && xmlns::local_name(c) == "div") return c;
  return element;
}

std::string atom_media_type(std::string_view type) {
  if (type.empty() || type == "text") return "text/plain";
  if (type == "html") return "text/html";
  if (type == "xhtml") return "application/xhtml+xml";
  return std::string(type);
}

// Atom 0.3's mode="base64", or an Atom 1.0 media type that is neither text
// nor XML (RFC 4287 section 4.1.3.3: such content is base64).
bool is_base64(pugi::xml_node element, std::string_view type) {
  if (std::string_view(element.attribute("mode").value()) == "base64") return true;
  if (type.empty() || type == "text" || type == "html" || type == "xhtml") return false;
  bool xml = type.size() >= 4 &&
             (type.substr(type.size() - 4) == "+xml" || type.substr(type.size() - 4) == "/xml");
  return type.find('/') != std::string_view::npos && type.substr(0, 5) != "text/" && !xml;
}

TextConstruct scoped(pugi::xml_node element, const DocumentScope& scope) {
  TextConstruct out;
  out.language = std::string(xmlns::lang_at(element, scope.language));
  out.base = xmlns::base_at(element, scope.base_url);
  return out;
}

}  // namespace

TextConstruct atom_text(pugi::xml_node element, const DocumentScope& scope) {
  TextConstruct out = scoped(element, scope);
  std::string_view type = element.attribute("type").value();
  out.type = atom_media_type(type);
  if (is_base64(element, type)) {
    out.value = base64_text(element_text(element)).value_or("");
  } else if (type == "xhtml") {
    out.value = inner_xml(xhtml_div(element));
  } else if (out.type == "text/plain") {
    // Markup left unescaped in a text construct is the publisher's HTML.
    if (has_child_element(element)) {
      out.value = inner_xml(element);
      out.type = "text/html";
    } else {
      out.value = element_text(element);
    }
  } else {
    out.value = element_markup(element);
  }
  return out;
}

TextConstruct rss_text(pugi::xml_node element, const DocumentScope& scope, std::string_view type) {
  TextConstruct out = scoped(element, scope);
  out.type = std::string(type);
  out.value = element_markup(element);
  return out;
}

}  // namespace gazette
