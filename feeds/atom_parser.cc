#include "feeds/atom_parser.h"

#include <string>

#include "feeds/date_parser.h"
#include "feeds/feed_text.h"
#include "feeds/html_text.h"
#include "feeds/url_normalize.h"
#include "feeds/xml_names.h"

namespace gazette {
namespace {

bool is_atom_ns(std::string_view ns) { return ns == xmlns::kAtom || ns == xmlns::kAtom03; }

// The base URL in force at `element`: xml:base attributes resolved from the
// outermost in, starting at the document's URL.
std::string base_at(pugi::xml_node element, std::string_view document_base) {
  std::vector<std::string_view> bases;
  for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent())
    if (pugi::xml_attribute a = n.attribute("xml:base")) bases.push_back(a.value());
  std::string base(document_base);
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) base = resolve_url(base, *it);
  return base;
}

std::string escape_html(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

// The div that wraps XHTML content, per RFC 4287 section 3.1.1.3.
pugi::xml_node xhtml_div(pugi::xml_node element) {
  for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && xmlns::local_name(c) == "div") return c;
  return element;
}

// An Atom text construct as HTML (for summary/content).
std::string construct_html(pugi::xml_node element) {
  std::string_view type = element.attribute("type").value();
  if (type == "xhtml" || type == "application/xhtml+xml") return inner_xml(xhtml_div(element));
  if (type == "html" || type == "text/html" || std::string_view(element.attribute("mode").value()) == "escaped")
    return element_text(element);
  if (type.empty() || type == "text" || type == "text/plain") return escape_html(element_text(element));
  return {};  // other media types (base64 images, ...) are not text to show
}

// An Atom text construct as plain text (for titles).
std::string construct_text(pugi::xml_node element) {
  std::string_view type = element.attribute("type").value();
  if (type == "xhtml") return collapse_whitespace(inline_text(xhtml_div(element)));
  if (type == "html" || type == "text/html") return plain_text(element_text(element));
  return collapse_whitespace(element_text(element));
}

std::string person_name(pugi::xml_node person) {
  for (pugi::xml_node c = person.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && xmlns::local_name(c) == "name")
      return collapse_whitespace(element_text(c));
  return {};
}

FeedItem parse_entry(pugi::xml_node entry, std::string_view document_base, const std::string& feed_author) {
  FeedItem out;
  std::string entry_base = base_at(entry, document_base);
  int link_rank = 0;  // 2: rel=alternate type=text/html, 1: other alternate
  for (pugi::xml_node c = entry.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view local = xmlns::local_name(c);
    std::string_view ns = xmlns::uri(c);
    if (is_atom_ns(ns)) {
      if (local == "title") {
        out.title = construct_text(c);
      } else if (local == "link") {
        std::string_view rel = c.attribute("rel").value();
        std::string_view type = c.attribute("type").value();
        std::string href = resolve_url(c.attribute("xml:base") ? base_at(c, document_base) : entry_base,
                                       c.attribute("href").value());
        if (rel.empty() || rel == "alternate") {
          int rank = (type.empty() || type == "text/html") ? 2 : 1;
          if (rank > link_rank) {
            out.url = href;
            link_rank = rank;
          }
        } else if (rel == "enclosure" && out.image_url.empty() && type.substr(0, 6) == "image/") {
          out.image_url = href;
        }
      } else if (local == "id") {
        out.guid = collapse_whitespace(element_text(c));
      } else if (local == "published" || local == "issued") {
        out.published = parse_date(element_text(c));
      } else if (local == "updated" || local == "modified") {
        out.updated = parse_date(element_text(c));
      } else if (local == "author") {
        if (out.author.empty()) out.author = person_name(c);
      } else if (local == "summary") {
        out.summary_html = construct_html(c);
      } else if (local == "content") {
        if (c.attribute("src")) continue;  // out-of-line content: nothing to show here
        out.content_html = construct_html(c);
      } else if (local == "category") {
        std::string term = c.attribute("label") ? c.attribute("label").value() : c.attribute("term").value();
        term = collapse_whitespace(term);
        if (!term.empty()) out.categories.push_back(std::move(term));
      }
    } else if (ns == xmlns::kMedia && out.image_url.empty() && local == "thumbnail") {
      out.image_url = resolve_url(entry_base, c.attribute("url").value());
    } else if (ns == xmlns::kDublinCore && local == "creator" && out.author.empty()) {
      out.author = plain_text(element_text(c));
    }
  }
  if (out.author.empty()) out.author = feed_author;
  // Relative URLs inside HTML content resolve against the entry's base; the
  // sanitizer does that later with the base we leave in the link's place.
  if (!out.published && out.updated) out.published = out.updated;
  return out;
}

}  // namespace

bool is_atom_root(pugi::xml_node root) {
  return xmlns::local_name(root) == "feed" && (is_atom_ns(xmlns::uri(root)) || xmlns::uri(root).empty());
}

ParsedFeed parse_atom(pugi::xml_node root, std::string_view base_url) {
  ParsedFeed feed;
  feed.format = "atom";
  std::string feed_base = base_at(root, base_url);
  std::string feed_author;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view local = xmlns::local_name(c);
    if (local == "title" && feed.title.empty()) {
      feed.title = construct_text(c);
    } else if (local == "author" && feed_author.empty()) {
      feed_author = person_name(c);
    } else if (local == "link" && feed.site_url.empty()) {
      std::string_view rel = c.attribute("rel").value();
      if (rel.empty() || rel == "alternate") feed.site_url = resolve_url(feed_base, c.attribute("href").value());
    }
  }
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && xmlns::local_name(c) == "entry")
      feed.items.push_back(parse_entry(c, base_url, feed_author));
  return feed;
}

}  // namespace gazette
