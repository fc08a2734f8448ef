#include "feeds/atom_parser.h"

#include <algorithm>
#include <string>

#include "feeds/atom_details.h"
#include "feeds/date_parser.h"
#include "feeds/extension_elements.h"
#include "feeds/feed_text.h"
#include "feeds/html_sanitizer.h"
#include "feeds/html_text.h"
#include "feeds/text_construct.h"
#include "feeds/url_normalize.h"
#include "feeds/xml_names.h"

namespace gazette {
namespace {

// Elements of the feed's own vocabulary. This parser reads each element
// first, so it is the one that flags undeclared prefixes.
bool in_feed_ns(pugi::xml_node element, std::string_view feed_ns) {
  return in_atom_vocabulary(element, feed_ns, /*flag_undeclared=*/true);
}

// Entries are <entry>; pre-Atom drafts and RSS-minded publishers wrote
// <item> inside <feed>, which feedparser reads as an entry too.
bool is_entry_name(std::string_view local) { return local == "entry" || local == "item"; }

// The div that wraps XHTML content, per RFC 4287 section 3.1.1.3.
pugi::xml_node xhtml_div(pugi::xml_node element) {
  for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && xmlns::local_name(c) == "div") return c;
  return element;
}

// An Atom text construct as HTML (for summary/content).
std::string construct_html(pugi::xml_node element) {
  std::string_view type = element.attribute("type").value();
  if (is_atom_base64(element, type)) return base64_text(element_text(element)).value_or("");
  if (type == "xhtml") return inner_xml(xhtml_div(element));
  // An XHTML media type (Atom 0.3, or an Atom 1.0 media type) has no wrapper
  // div: a div there is the publisher's own.
  if (type == "application/xhtml+xml") return inner_xml(element);
  if (type == "html" || type == "text/html" ||
      std::string_view(element.attribute("mode").value()) == "escaped")
    return element_markup(element);
  if (type.empty() || type == "text" || type == "text/plain")
    // Markup left unescaped in a text construct is the publisher's HTML.
    return has_child_element(element) ? inner_xml(element) : escape_html(element_text(element));
  return {};  // other media types (XML documents, ...) are not text to show
}

// An Atom text construct as plain text (for titles).
std::string construct_text(pugi::xml_node element) {
  std::string_view type = element.attribute("type").value();
  if (is_atom_base64(element, type))
    return plain_text(base64_text(element_text(element)).value_or(""));
  if (type == "xhtml") return collapse_whitespace(inline_text(xhtml_div(element)));
  if (type == "html" || type == "text/html") return plain_text(element_text(element));
  // Unescaped markup in a text title: its text, not only the text before it.
  if (has_child_element(element)) return collapse_whitespace(inline_text(element));
  return collapse_whitespace(element_text(element));
}

std::string person_name(pugi::xml_node person) {
  for (pugi::xml_node c = person.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && xmlns::local_name(c) == "name")
      return collapse_whitespace(element_text(c));
  return {};
}

// A summary or content construct as HTML whose relative URLs, if an xml:base
// is in force, are already resolved: the base is lost once the item leaves
// the document. Without xml:base, normalize_item resolves them later.
std::string construct_html_resolved(pugi::xml_node element, std::string_view document_base) {
  std::string html = construct_html(element);
  if (html.empty() || !xmlns::has_base(element)) return html;
  return sanitize_html(html, xmlns::base_at(element, document_base));
}

FeedItem parse_entry(pugi::xml_node entry, const DocumentScope& scope, std::string_view feed_ns,
                     const std::string& feed_author) {
  std::string_view document_base = scope.base_url;
  FeedItem out;
  out.details.texts_read = true;
  std::string entry_base = xmlns::base_at(entry, document_base);
  int link_rank = 0;  // 2: rel=alternate type=text/html, 1: other alternate
  for (pugi::xml_node c = entry.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    read_entry_extension(c, scope, out.details);
    std::string_view local = xmlns::local_name(c);
    std::string_view ns = xmlns::uri(c);
    if (is_atom_vocabulary_uri(ns, feed_ns)) {
      read_atom_entry_element(c, scope, feed_ns, out.details);
      if (local == "title") {
        out.title = construct_text(c);
        if (!out.details.title) out.details.title = atom_text(c, scope);
      } else if (local == "rights" || local == "copyright") {
        if (!out.details.rights) out.details.rights = atom_text(c, scope);
      } else if (local == "link") {
        std::string_view rel = c.attribute("rel").value();
        std::string_view type = c.attribute("type").value();
        // Early Atom drafts put the URL in the element's text, not in href.
        pugi::xml_attribute href_attribute = c.attribute("href");
        std::string target = href_attribute ? std::string(href_attribute.value())
                                            : collapse_whitespace(element_text(c));
        // No href at all is no link (href="" is one: the base itself).
        if (!href_attribute && target.empty()) continue;
        std::string href = resolve_url(
            c.attribute("xml:base") ? xmlns::base_at(c, document_base) : entry_base, target);
        // A link that is not absolute http(s) (javascript:, data:, file:)
        // is no link: the next candidate, or none, is the item's.
        if (!is_absolute_http_url(href)) {
          // skipped
        } else if (rel.empty() || rel == "alternate") {
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
        out.summary_html = construct_html_resolved(c, document_base);
        if (!out.details.summary) out.details.summary = atom_text(c, scope);
      } else if (local == "content") {
        out.details.content.push_back(atom_text(c, scope));
        if (c.attribute("src")) continue;  // out-of-line content: nothing to show here
        out.content_html = construct_html_resolved(c, document_base);
      } else if (local == "category") {
        // term is the category itself; label only a display variant of it.
        std::string term = collapse_whitespace(c.attribute("term").value());
        if (term.empty()) term = collapse_whitespace(c.attribute("label").value());
        if (!term.empty()) out.categories.push_back(std::move(term));
      }
    } else if (xmlns::is_media(ns) && out.image_url.empty() && local == "thumbnail") {
      out.image_url = http_url_or_empty(resolve_url(entry_base, c.attribute("url").value()));
    } else if (ns == xmlns::kDublinCore && local == "creator" && out.author.empty()) {
      out.author = plain_text(element_text(c));
    }
  }
  EntryDetails& details = out.details;
  // An entry without an author has its <source>'s, else the feed's (RFC 4287
  // section 4.2.1); the detail model says the entry named none.
  if (out.author.empty() && details.authors.empty()) {
    if (details.source && !details.source->authors.empty())
      out.author = details.source->authors.front().name;
    if (out.author.empty()) out.author = feed_author;
    details.author_inherited = !out.author.empty();
  }
  // An entry with an id and no web page of its own is linked by its id.
  details.guid_is_link =
      !details.id.empty() && std::none_of(details.links.begin(), details.links.end(),
                                          [](const Link& l) { return is_html_alternate(l); });
  // An entry without an alternate link is often identified by its URL.
  if (out.url.empty() && is_absolute_http_url(out.guid)) out.url = out.guid;
  if (!out.published && out.updated) out.published = out.updated;
  return out;
}

}  // namespace

bool is_atom_root(pugi::xml_node root) {
  // Any <feed>: besides Atom 1.0 and 0.3, pre-Atom drafts ("echo", "pie")
  // and namespace-less feeds exist; their children share the root's namespace.
  return xmlns::local_name(root) == "feed";
}

ParsedFeed parse_atom(pugi::xml_node root, const DocumentScope& scope) {
  std::string_view base_url = scope.base_url;
  ParsedFeed feed;
  feed.format = "atom";
  if (xmlns::uri(root) == xmlns::kAtom)
    feed.version = "1.0";
  else  // Atom 0.3 and the drafts before it said which they were
    feed.version = root.attribute("version").value();
  std::string_view feed_ns = xmlns::uri(root);
  std::string feed_base = xmlns::base_at(root, base_url);
  std::string feed_author;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    read_feed_extension(c, scope, feed.metadata);
    if (c.type() != pugi::node_element || !in_feed_ns(c, feed_ns)) continue;
    read_atom_feed_element(c, scope, feed.metadata);
    std::string_view local = xmlns::local_name(c);
    read_atom_feed_text(feed.metadata, c, scope);
    if (local == "title" && feed.title.empty()) {
      feed.title = construct_text(c);
    } else if (local == "author" && feed_author.empty()) {
      feed_author = person_name(c);
    } else if (local == "link" && feed.site_url.empty()) {
      std::string_view rel = c.attribute("rel").value();
      if (rel.empty() || rel == "alternate")
        feed.site_url =
            resolve_url(c.attribute("xml:base") ? xmlns::base_at(c, base_url) : feed_base,
                        c.attribute("href").value());
    }
  }
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && is_entry_name(xmlns::local_name(c)) &&
        in_feed_ns(c, feed_ns))
      feed.items.push_back(parse_entry(c, scope, feed_ns, feed_author));
  return feed;
}

}  // namespace gazette
