#include "feeds/xml_names.h"

#include <strings.h>

#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "feeds/document_budget.h"
#include "feeds/url_normalize.h"

namespace gazette::xmlns {
namespace {

// Publishers use these prefixes without declaring them (a template that
// copied <dc:creator> but not the xmlns:dc on <rss>). Such a document is not
// namespace-well-formed; feedparser reads it by the prefix's conventional
// URI, and so do we, flagging the fetch (feeds/document_budget.h).
struct ConventionalPrefix {
  std::string_view prefix;
  std::string_view uri;
};
constexpr ConventionalPrefix kConventionalPrefixes[] = {
    {"atom", kAtom},     {"content", kContent}, {"dc", kDublinCore},
    {"itunes", kItunes}, {"media", kMedia},     {"rdf", kRdf},
};

std::string_view conventional_uri(std::string_view prefix, bool flag) {
  for (const ConventionalPrefix& p : kConventionalPrefixes)
    if (p.prefix == prefix) {
      if (flag)
        document_warning("recovered from malformed XML: namespace prefix " + std::string(prefix) +
                         " is not declared; read as " + std::string(p.uri));
      return p.uri;
    }
  return {};
}

}  // namespace

std::string_view local_name(pugi::xml_node element) {
  std::string_view name = element.name();
  std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view uri(pugi::xml_node element, bool flag) {
  std::string_view name = element.name();
  std::size_t colon = name.find(':');
  // Attribute that would declare this prefix: "xmlns" or "xmlns:prefix".
  char buffer[64] = "xmlns";
  if (colon != std::string_view::npos) {
    if (colon + 7 > sizeof buffer) return {};
    buffer[5] = ':';
    name.copy(buffer + 6, colon);
    buffer[6 + colon] = '\0';
  }
  for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent()) {
    if (pugi::xml_attribute a = n.attribute(buffer)) return a.value();
  }
  if (colon != std::string_view::npos) return conventional_uri(name.substr(0, colon), flag);
  return {};
}

bool is_rss(std::string_view ns) {
  return ns.empty() || ns == kRss10 || ns == kRss090 || ns == "http://backend.userland.com/rss2" ||
         ns == "http://backend.userland.com/rss" || ns == "http://backend.userland.com/rss2.1" ||
         ns == "http://blogs.law.harvard.edu/tech/rss";
}

bool is_media(std::string_view ns) {
  return ns == kMedia || (ns.size() + 1 == kMedia.size() && kMedia.substr(0, ns.size()) == ns);
}

bool is_itunes(std::string_view ns) {
  if (ns.size() != kItunes.size()) return false;
  for (std::size_t i = 0; i < ns.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(ns[i])) != kItunes[i]) return false;
  return true;
}

bool is(pugi::xml_node element, std::string_view ns, std::string_view local) {
  return local_name(element) == local && uri(element) == ns;
}

pugi::xml_node child(pugi::xml_node parent, std::string_view ns, std::string_view local) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == local && uri(c) == ns) return c;
  return {};
}

bool has_base(pugi::xml_node element) {
  for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent())
    if (n.attribute("xml:base")) return true;
  return false;
}

namespace {

// An xml:base as it can be used: one with a scheme other than http(s) or ftp
// (javascript:, data:) is ignored, the base in force staying the outer one;
// "http:///host/" (a slash too many) means "http://host/".
std::optional<std::string> usable_base(std::string_view base) {
  std::size_t colon = base.find(':');
  std::size_t slash = base.find('/');
  if (colon == std::string_view::npos || (slash != std::string_view::npos && slash < colon))
    return std::string(base);  // relative
  std::string scheme(base.substr(0, colon));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "http" && scheme != "https" && scheme != "ftp") return std::nullopt;
  std::string out(base);
  if (base.substr(colon, 4) == ":///") out.erase(colon + 3, 1);
  return out;
}

}  // namespace

std::string base_at(pugi::xml_node element, std::string_view document_url) {
  // Collected innermost first; a typical chain is feed, entry, element.
  std::vector<std::string_view> bases;
  for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent())
    if (pugi::xml_attribute a = n.attribute("xml:base")) bases.push_back(a.value());
  std::string base(document_url);
  for (auto it = bases.rbegin(); it != bases.rend(); ++it)
    if (std::optional<std::string> usable = usable_base(*it)) base = resolve_url(base, *usable);
  return base;
}

std::string lang_at(pugi::xml_node element, std::string_view default_language) {
  std::string_view found = default_language;
  for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent())
    if (pugi::xml_attribute a = n.attribute("xml:lang")) {
      found = a.value();
      break;
    }
  std::string language(found);
  for (char& c : language)
    if (c == '_') c = '-';
  return language;
}

bool same_name_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view attribute_ignoring_case(pugi::xml_node element, std::string_view name) {
  for (pugi::xml_attribute a = element.first_attribute(); a; a = a.next_attribute())
    if (same_name_ignoring_case(a.name(), name)) return a.value();
  return {};
}

}  // namespace gazette::xmlns
