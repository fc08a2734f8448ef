#include "feeds/feed_parser.h"

#include <fmt/format.h>

#include <cctype>
#include <pugixml.hpp>
#include <string>

#include "feeds/atom_parser.h"
#include "feeds/rss_parser.h"
#include "feeds/xml_entities.h"
#include "feeds/xml_names.h"

namespace gazette {
namespace {

// The XML feed formats, tried in order on the document's root element. A
// new XML format is one more line here and a parser file of its own.
struct XmlFormat {
  bool (*detect)(pugi::xml_node root);
  ParsedFeed (*parse)(pugi::xml_node root, std::string_view base_url);
};

constexpr XmlFormat kXmlFormats[] = {
    {is_rss_root, parse_rss},
    {is_atom_root, parse_atom},
};

std::string_view skip_bom_and_space(std::string_view body) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front()))) body.remove_prefix(1);
  return body;
}

}  // namespace

ParsedFeed parse_feed(std::string_view body, std::string_view base_url) {
  std::string_view trimmed = skip_bom_and_space(body);
  if (trimmed.empty()) throw FeedParseError("empty document");

  std::string repaired;
  std::string_view xml = repair_xml_entities(body, repaired) ? std::string_view(repaired) : body;
  pugi::xml_document doc;
  pugi::xml_parse_result result =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_declaration);
  pugi::xml_node root = doc.document_element();
  if (!result || !root) {
    std::string_view start = trimmed.substr(0, 40);
    std::string preview;
    for (char c : start) preview += (std::isprint(static_cast<unsigned char>(c)) ? c : ' ');
    throw FeedParseError(fmt::format("not XML: {} at offset {} (document starts \"{}\")",
                                     result.description(), result.offset, preview));
  }
  for (const XmlFormat& format : kXmlFormats) {
    if (format.detect(root)) return format.parse(root, base_url);
  }
  throw FeedParseError(fmt::format(
      "XML root <{}> is not a feed (expected <rss>, <feed> or <rdf:RDF>)", root.name()));
}

bool looks_like_feed(std::string_view body) {
  std::string_view head = skip_bom_and_space(body.substr(0, 4096));
  // Skip the XML declaration, comments, processing instructions, doctype.
  while (head.size() > 1 && head[0] == '<' && (head[1] == '?' || head[1] == '!')) {
    std::size_t end = head.find('>');
    if (end == std::string_view::npos) return false;
    head = skip_bom_and_space(head.substr(end + 1));
  }
  if (head.empty() || head[0] != '<') return false;
  std::size_t end = head.find_first_of(" \t\r\n>/");
  std::string_view name = head.substr(1, end == std::string_view::npos ? head.size() - 1 : end - 1);
  std::size_t colon = name.find(':');
  if (colon != std::string_view::npos) name = name.substr(colon + 1);
  return name == "rss" || name == "feed" || name == "RDF";
}

}  // namespace gazette
