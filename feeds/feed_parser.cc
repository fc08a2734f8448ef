#include "feeds/feed_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "feeds/atom_parser.h"
#include "feeds/cdf_parser.h"
#include "feeds/json_feed_parser.h"
#include "feeds/rss_parser.h"
#include "feeds/xml_decoding.h"
#include "feeds/xml_entities.h"
#include "feeds/xml_names.h"
#include "feeds/xml_recovery.h"

namespace gazette {
namespace {

// The XML feed formats, tried in order on the document's root element. A
// new XML format is one more line here and a parser file of its own.
struct XmlFormat {
  bool (*detect)(pugi::xml_node root);
  ParsedFeed (*parse)(pugi::xml_node root, const DocumentScope& scope);
};

constexpr XmlFormat kXmlFormats[] = {
    {is_rss_root, parse_rss},
    {is_atom_root, parse_atom},
    {is_cdf_root, parse_cdf},
};

std::string_view skip_bom_and_space(std::string_view body) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front())))
    body.remove_prefix(1);
  return body;
}

// application/rss+xml, application/atom+xml, application/rdf+xml (and
// feed types of the same family), compared without parameters or case.
bool is_feed_content_type(std::string_view content_type) {
  std::string type;
  for (char c : content_type.substr(0, content_type.find(';')))
    if (!std::isspace(static_cast<unsigned char>(c)))
      type += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type == "application/rss+xml" || type == "application/atom+xml" ||
         type == "application/rdf+xml" || type == "application/feed+xml" ||
         type == "application/x-rss+xml" || type == "application/feed+json";
}

// One document by its format's parser. The feed's language, when no element
// of its own names one (RSS <language>, dc:language), is the xml:lang on
// the root, else the response's Content-Language.
ParsedFeed parse_root(const XmlFormat& format, pugi::xml_node root, const DocumentScope& scope) {
  ParsedFeed feed = format.parse(root, scope);
  if (feed.metadata.language.empty())
    feed.metadata.language = xmlns::lang_at(root, scope.language);
  return feed;
}

// The slow path, only after pugixml rejected the document: what libxml2's
// recovery mode rebuilds (feeds/xml_recovery.h), read by the same format
// code and flagged with the first error. Returns false when nothing was
// recovered or the recovered root is not a feed (an HTML page, JSON): the
// caller then reports pugixml's own error, the clearer one for those.
bool parse_recovered(std::string_view utf8_text, const DocumentScope& scope, ParsedFeed& out) {
  std::string numeric;
  if (repair_xml_entities(utf8_text, numeric, XmlEntities::numeric)) utf8_text = numeric;
  std::optional<RecoveredXml> recovered = recover_xml(utf8_text);
  if (!recovered) return false;
  pugi::xml_document doc;
  if (!doc.load_buffer_inplace(recovered->xml.data(), recovered->xml.size(),
                               pugi::parse_default | pugi::parse_declaration, pugi::encoding_utf8))
    return false;
  pugi::xml_node root = doc.document_element();
  for (const XmlFormat& format : kXmlFormats) {
    if (root && format.detect(root)) {
      out = parse_root(format, root, scope);
      std::string warning = "recovered from malformed XML: " + recovered->reason;
      out.warning = out.warning.empty() ? warning : warning + "; " + out.warning;
      out.bozo = "SAXParseException: " + warning;
      return true;
    }
  }
  return false;
}

// Adds `reason` to what was not clean about the document, before the
// reasons the parse itself found; and to the warning stored with the fetch
// unless `stored` is false.
void flag(ParsedFeed& feed, const std::string& reason, bool stored = true) {
  feed.bozo = feed.bozo.empty() ? reason : reason + "; " + feed.bozo;
  if (stored) feed.warning = feed.warning.empty() ? reason : reason + "; " + feed.warning;
}

// The charset the text was read in, and what was wrong with its labels and
// references, first among the document's warnings.
void add_charset(ParsedFeed& feed, const XmlCharsetReport& charset) {
  feed.encoding = charset.encoding;
  // HTML entities are common in feeds and repaired without loss: a warning
  // on every fetch of such a feed would bury the ones that matter.
  if (!charset.undefined_entity.empty())
    flag(feed, "SAXParseException: undefined entity &" + charset.undefined_entity + ";", false);
  if (!charset.warning.empty()) flag(feed, charset.warning);
}

// The prefix of the first element under `root` (itself included) that no
// xmlns:prefix in scope declares, or "": such a document is well-formed XML
// but not namespace-well-formed. One pass, no recursion (documents may nest
// deeply).
std::string undeclared_prefix(pugi::xml_node root) {
  auto first_element = [](pugi::xml_node n) {
    while (n && n.type() != pugi::node_element) n = n.next_sibling();
    return n;
  };
  std::vector<std::string_view> declared;  // prefixes declared on the open elements
  std::vector<std::size_t> marks;          // declared.size() when each was opened
  for (pugi::xml_node n = root; n;) {
    marks.push_back(declared.size());
    for (pugi::xml_attribute a : n.attributes()) {
      std::string_view name = a.name();
      if (name.substr(0, 6) == "xmlns:") declared.push_back(name.substr(6));
    }
    std::string_view name = n.name();
    if (std::size_t colon = name.find(':'); colon != std::string_view::npos) {
      std::string_view prefix = name.substr(0, colon);
      if (prefix != "xml" && std::find(declared.begin(), declared.end(), prefix) == declared.end())
        return std::string(prefix);
    }
    if (pugi::xml_node child = first_element(n.first_child())) {
      n = child;
      continue;
    }
    // Close `n` and the ancestors it is the last element of.
    for (;;) {
      declared.resize(marks.back());
      marks.pop_back();
      if (n == root) return {};
      if (pugi::xml_node sibling = first_element(n.next_sibling())) {
        n = sibling;
        break;
      }
      n = n.parent();
    }
  }
  return {};
}

}  // namespace

ParsedFeed parse_feed(std::string_view body, std::string_view base_url,
                      std::string_view content_type, std::string_view content_language) {
  const DocumentScope scope{base_url, content_language};
  std::string_view trimmed = skip_bom_and_space(body);
  if (trimmed.empty()) throw FeedParseError("empty document");
  if (is_json_feed_start(trimmed)) return parse_json_feed(trimmed, base_url);

  // The doctype is kept: Netscape's RSS 0.91 is told from UserLand's by it.
  constexpr unsigned kOptions = pugi::parse_default | pugi::parse_declaration | pugi::parse_doctype;
  std::string utf8;
  pugi::xml_document doc;
  pugi::xml_parse_result result;
  XmlCharsetReport charset;
  if (xml_as_utf8(body, utf8, content_type, &charset)) {
    // `utf8` outlives `doc`; parsing in place saves pugixml's copy.
    result = doc.load_buffer_inplace(utf8.data(), utf8.size(), kOptions, pugi::encoding_utf8);
  } else {
    result = doc.load_buffer(body.data(), body.size(), kOptions, pugi::encoding_utf8);
  }
  pugi::xml_node root = doc.document_element();
  if (!result || !root) {
    // pugixml parsed `utf8` in place (and wrote into it): decode again.
    // This costs only documents that are not well-formed.
    std::string text;
    ParsedFeed recovered;
    if (parse_recovered(xml_as_utf8(body, text, content_type) ? std::string_view(text) : body,
                        scope, recovered)) {
      add_charset(recovered, charset);
      return recovered;
    }
    std::string_view start = trimmed.substr(0, 40);
    std::string preview;
    for (char c : start) preview += (std::isprint(static_cast<unsigned char>(c)) ? c : ' ');
    throw FeedParseError(fmt::format("not XML: {} at offset {} (document starts \"{}\")",
                                     result.description(), result.offset, preview));
  }
  for (const XmlFormat& format : kXmlFormats) {
    if (!format.detect(root)) continue;
    ParsedFeed feed = parse_root(format, root, scope);
    if (std::string prefix = undeclared_prefix(root); !prefix.empty())
      flag(feed, "UndeclaredNamespace: namespace prefix " + prefix + " is not declared");
    add_charset(feed, charset);
    return feed;
  }
  throw FeedParseError(fmt::format(
      "XML root <{}> is not a feed (expected <rss>, <feed> or <rdf:RDF>)", root.name()));
}

bool looks_like_feed(std::string_view body, std::string_view content_type) {
  std::string_view head = body.substr(0, 4096);
  // A UTF-16/32 document (a BOM, or NULs between its first characters) is
  // sniffed as the UTF-8 it decodes to.
  std::string narrow;
  if ((head.substr(0, 2) == "\xFF\xFE" || head.substr(0, 2) == "\xFE\xFF" ||
       head.substr(0, 4).find('\0') != std::string_view::npos) &&
      xml_as_utf8(head, narrow))
    head = narrow;
  head = skip_bom_and_space(head);
  // Skip the XML declaration, comments, processing instructions, doctype.
  while (head.size() > 1 && head[0] == '<' && (head[1] == '?' || head[1] == '!')) {
    std::string_view terminator = head.substr(0, 4) == "<!--" ? "-->" : ">";
    std::size_t end = head.find(terminator);
    if (end == std::string_view::npos) return is_feed_content_type(content_type);
    head = skip_bom_and_space(head.substr(end + terminator.size()));
  }
  if (head.empty()) return is_feed_content_type(content_type);
  if (is_json_feed_start(head))  // JSON Feed names its version near the top
    return head.find("jsonfeed.org/version/") != std::string_view::npos ||
           is_feed_content_type(content_type);
  if (head[0] != '<') return false;
  std::size_t end = head.find_first_of(" \t\r\n>/");
  std::string_view name = head.substr(1, end == std::string_view::npos ? head.size() - 1 : end - 1);
  std::size_t colon = name.find(':');
  if (colon != std::string_view::npos) name = name.substr(colon + 1);
  return name == "rss" || name == "feed" || name == "RDF" || name == "CHANNEL";
}

}  // namespace gazette
