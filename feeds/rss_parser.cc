#include "feeds/rss_parser.h"

#include <cctype>
#include <cstring>

#include "feeds/date_parser.h"
#include "feeds/extension_elements.h"
#include "feeds/feed_text.h"
#include "feeds/html_sanitizer.h"
#include "feeds/text_construct.h"
#include "feeds/rss_details.h"
#include "feeds/url_normalize.h"
#include "feeds/xml_names.h"

namespace gazette {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// RSS element names as publishers mistype their case (<pubdate>, <TiTlE>):
// the name they mean, else the name as written. Names in all lower case
// other than these need no work.
std::string_view rss_name(std::string_view local) {
  static constexpr std::string_view kNames[] = {"title",    "link",      "guid",    "description",
                                                "body",     "fullitem",  "pubDate", "author",
                                                "category", "enclosure", "channel", "item"};
  bool lower = true;
  for (char c : local) lower = lower && !(c >= 'A' && c <= 'Z');
  if (lower && local != "pubdate") return local;
  for (std::string_view name : kNames) {
    if (name.size() != local.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(name[i])) ==
             std::tolower(static_cast<unsigned char>(local[i]));
    if (same) return name;
  }
  return local;
}

void add_category(FeedItem& item, std::string_view text) {
  std::string category = plain_text(text);
  if (!category.empty()) item.categories.push_back(std::move(category));
}

// <itunes:category text="Technology"><itunes:category text="Gadgets"/>: the
// category and its subcategories, outermost first.
void add_itunes_categories(FeedItem& item, pugi::xml_node category) {
  add_category(item, category.attribute("text").value());
  for (pugi::xml_node c = category.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && xmlns::local_name(c) == "category")
      add_category(item, c.attribute("text").value());
}

// A text construct kept only when none came before it: the first of each
// wins, and an RSS element is read before the other vocabularies' fallbacks.
void set_text_once(std::optional<TextConstruct>& slot, TextConstruct text) {
  if (!slot) slot = std::move(text);
}

// A summary-like element of an item (<description>, a stray <summary>): the
// first is the summary, a later one more of the item's text, as content
// (as plain text: its type is unknown).
void add_summary(EntryDetails& details, TextConstruct text) {
  if (!details.summary) {
    details.summary = std::move(text);
  } else {
    text.type = "text/plain";
    details.content.push_back(std::move(text));
  }
}

// The channel's text constructs: title, description (the feed's subtitle)
// and copyright, with Dublin Core's title, description and rights as
// fallbacks.
void read_channel_text(FeedMetadata& m, pugi::xml_node channel, const DocumentScope& scope) {
  std::optional<TextConstruct> dc_title, dc_description, dc_rights;
  for (pugi::xml_node c = channel.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view ns = xmlns::uri(c);
    std::string_view local = xmlns::local_name(c);
    if (xmlns::is_rss(ns)) {
      local = rss_name(local);
      if (local == "title")
        set_text_once(m.title, rss_text(c, scope, "text/plain"));
      else if (local == "description")
        set_text_once(m.subtitle, rss_text(c, scope, "text/html"));
      else if (local == "copyright")
        set_text_once(m.rights, rss_text(c, scope, "text/plain"));
    } else if (ns == xmlns::kDublinCore) {
      if (local == "title")
        set_text_once(dc_title, rss_text(c, scope, "text/plain"));
      else if (local == "description")
        set_text_once(dc_description, rss_text(c, scope, "text/html"));
      else if (local == "rights")
        set_text_once(dc_rights, rss_text(c, scope, "text/plain"));
    }
  }
  if (dc_title) set_text_once(m.title, std::move(*dc_title));
  if (dc_description) set_text_once(m.subtitle, std::move(*dc_description));
  if (dc_rights) set_text_once(m.rights, std::move(*dc_rights));
}

FeedItem parse_item(pugi::xml_node item, const DocumentScope& scope) {
  std::string_view document_url = scope.base_url;
  FeedItem out;
  out.details.texts_read = true;
  // Other vocabularies' text constructs, used when the RSS ones are absent.
  std::optional<TextConstruct> other_title, other_summary;
  // xml:base is rare in RSS but legal; without it links resolve against the
  // document's URL.
  bool has_xml_base = xmlns::has_base(item);
  std::string item_base =
      has_xml_base ? xmlns::base_at(item, document_url) : std::string(document_url);
  std::string_view base = item_base;
  // The base of an element that carries its own xml:base (a <link> or a
  // <description> can); empty for the others, which use the item's.
  auto own_base = [&](pugi::xml_node c) {
    return c.attribute("xml:base") ? xmlns::base_at(c, document_url) : std::string();
  };
  std::string summary_base, content_base;
  std::string permalink;  // a guid that is a permalink, when there is no <link>
  // Titles and descriptions from other vocabularies, used only when the
  // item has no RSS one: dc:title, then media:title; dc:description.
  std::string dc_title, media_title, dc_description, itunes_summary;
  for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    read_entry_extension(c, scope, out.details);
    read_rss_item_element(c, scope, out.details);
    std::string_view local = xmlns::local_name(c);
    std::string_view ns = xmlns::uri(c);
    if (xmlns::is_rss(ns)) {
      local = rss_name(local);
      if (local == "title") {
        out.title = plain_text(element_text(c));
        set_text_once(out.details.title, rss_text(c, scope, "text/plain"));
      } else if (local == "link") {
        // Only an absolute http(s) link counts (not javascript:, file:):
        // else a later <link>, atom:link or permalink guid is the item's.
        std::string link_base = own_base(c);
        if (out.url.empty())
          out.url =
              http_url_or_empty(resolve_url(link_base.empty() ? base : link_base, element_text(c)));
      } else if (local == "guid") {
        out.guid = element_text(c);
        std::string_view is_permalink = c.attribute("isPermaLink").value();
        if (is_permalink != "false" && is_absolute_http_url(out.guid)) permalink = out.guid;
      } else if (local == "description") {
        out.summary_html = element_markup(c);
        summary_base = own_base(c);
        add_summary(out.details, rss_text(c, scope, "text/html"));
      } else if (local == "summary") {  // not RSS, but written: plain text
        add_summary(out.details, rss_text(c, scope, "text/plain"));
      } else if (local == "body") {  // XHTML body without its namespace
        out.details.content.push_back(xhtml_text(c, scope));
        if (out.content_html.empty()) {
          out.content_html = inner_xml(c);
          content_base = own_base(c);
        }
      } else if (local == "fullitem") {  // an early RSS 0.9x extension: the full HTML
        out.details.content.push_back(rss_text(c, scope, "text/html"));
        if (out.content_html.empty()) out.content_html = element_text(c);
      } else if (local == "pubDate") {
        out.published = parse_date(element_text(c));
      } else if (local == "author") {
        if (out.author.empty()) out.author = author_name(element_text(c));
      } else if (local == "category") {
        add_category(out, element_text(c));
      } else if (local == "enclosure") {
        std::string_view type = c.attribute("type").value();
        if (out.image_url.empty() && starts_with(type, "image/"))
          out.image_url = http_url_or_empty(resolve_url(base, c.attribute("url").value()));
      }
    } else if (ns == xmlns::kContent && local == "encoded") {
      out.details.content.push_back(rss_text(c, scope, "text/html"));
      out.content_html = element_markup(c);
      content_base = own_base(c);
    } else if (ns == xmlns::kXhtml && local == "body") {  // inline XHTML content
      out.details.content.push_back(xhtml_text(c, scope));
      if (out.content_html.empty()) {
        out.content_html = inner_xml(c);
        content_base = own_base(c);
      }
    } else if (ns == xmlns::kDublinCore) {
      if (local == "title") set_text_once(other_title, rss_text(c, scope, "text/plain"));
      if (local == "description") set_text_once(other_summary, rss_text(c, scope, "text/html"));
      if (local == "rights") set_text_once(out.details.rights, rss_text(c, scope, "text/plain"));
      if ((local == "creator" || local == "author") && out.author.empty())
        out.author = plain_text(element_text(c));
      else if (local == "title" && dc_title.empty())
        dc_title = plain_text(element_text(c));
      else if (local == "description" && dc_description.empty())
        dc_description = element_markup(c);
      else if (local == "date" && !out.published)
        out.published = parse_date(element_text(c));
      else if (local == "modified")
        out.updated = parse_date(element_text(c));
      else if (local == "subject")
        add_category(out, element_text(c));
    } else if (ns == xmlns::kDcTerms) {
      if (local == "issued" && !out.published)
        out.published = parse_date(element_text(c));
      else if (local == "modified")
        out.updated = parse_date(element_text(c));
    } else if (ns == xmlns::kAtom) {
      if (local == "link" && out.url.empty()) {
        std::string_view rel = c.attribute("rel").value();
        if (rel.empty() || rel == "alternate")
          out.url = http_url_or_empty(resolve_url(base, c.attribute("href").value()));
      } else if (local == "updated") {
        out.updated = parse_date(element_text(c));
      }
    } else if (xmlns::is_media(ns)) {
      if (local == "title") {
        set_text_once(other_title, rss_text(c, scope, "text/plain"));
        if (media_title.empty()) media_title = plain_text(element_text(c));
      } else if (local == "category") {
        add_category(out, element_text(c));
      } else if (out.image_url.empty() &&
                 (local == "thumbnail" ||
                  (local == "content" &&
                   (starts_with(c.attribute("type").value(), "image/") ||
                    std::string_view(c.attribute("medium").value()) == "image")))) {
        out.image_url = http_url_or_empty(resolve_url(base, c.attribute("url").value()));
      }
    } else if (xmlns::is_itunes(ns)) {
      if (local == "author" && out.author.empty())
        out.author = plain_text(element_text(c));
      else if (local == "category")
        add_itunes_categories(out, c);
      else if (local == "summary" && itunes_summary.empty())
        itunes_summary = escape_html(element_text(c));  // plain text, not HTML
      if (local == "summary") set_text_once(other_summary, rss_text(c, scope, "text/plain"));
    }
  }
  if (out.url.empty() && !permalink.empty()) out.url = permalink;
  if (other_title) set_text_once(out.details.title, std::move(*other_title));
  if (other_summary) set_text_once(out.details.summary, std::move(*other_summary));
  if (out.title.empty())
    out.title = dc_title.empty() ? std::move(media_title) : std::move(dc_title);
  if (out.summary_html.empty())
    out.summary_html =
        dc_description.empty() ? std::move(itunes_summary) : std::move(dc_description);
  // RSS 1.0 names each item by its rdf:about, the item's URI.
  if (out.guid.empty()) {
    out.guid = item.attribute("rdf:about").value();
    out.details.id_is_rdf_about = !out.guid.empty();
  }
  // Relative URLs inside the HTML were written against the xml:base; once
  // the item leaves the document that base is lost, so resolve them now.
  if (!out.summary_html.empty() && (has_xml_base || !summary_base.empty()))
    out.summary_html = sanitize_html(out.summary_html,
                                     summary_base.empty() ? base : std::string_view(summary_base));
  if (!out.content_html.empty() && (has_xml_base || !content_base.empty()))
    out.content_html = sanitize_html(out.content_html,
                                     content_base.empty() ? base : std::string_view(content_base));
  return out;
}

// Netscape's RSS 0.91 and UserLand's share the version attribute; Netscape's
// documents name its DTD (-//Netscape Communications//DTD RSS 0.91//EN).
bool has_netscape_doctype(pugi::xml_node root) {
  for (pugi::xml_node n = root.parent().first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_doctype) continue;
    std::string doctype = n.value();
    for (char& ch : doctype) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return doctype.find("netscape") != std::string::npos;
  }
  return false;
}

}  // namespace

bool is_rss_root(pugi::xml_node root) {
  std::string_view local = xmlns::local_name(root);
  return local == "rss" || (local == "RDF" && xmlns::uri(root) == xmlns::kRdf);
}

ParsedFeed parse_rss(pugi::xml_node root, const DocumentScope& scope) {
  std::string_view base_url = scope.base_url;
  ParsedFeed feed;
  feed.format = xmlns::local_name(root) == "RDF" ? "rss1" : "rss";
  if (feed.format == "rss")
    feed.version = root.attribute("version").value();
  else  // RSS 0.90 and 1.0 are both RDF; their namespace tells them apart
    feed.version = std::string_view(root.attribute("xmlns").value()) == xmlns::kRss090 ||
                           xmlns::child(root, xmlns::kRss090, "channel")
                       ? "0.90"
                       : "1.0";
  pugi::xml_node channel;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && rss_name(xmlns::local_name(c)) == "channel") {
      channel = c;
      break;
    }
  if (channel) {
    for (pugi::xml_node c = channel.first_child(); c; c = c.next_sibling()) {
      read_feed_extension(c, scope, feed.metadata);
      read_rss_channel_element(c, scope, feed.metadata);
      if (c.type() != pugi::node_element || !xmlns::is_rss(xmlns::uri(c))) continue;
      std::string_view local = rss_name(xmlns::local_name(c));
      if (local == "title" && feed.title.empty())
        feed.title = plain_text(element_text(c));
      else if (local == "link" && feed.site_url.empty())
        feed.site_url = resolve_url(xmlns::base_at(c, base_url), element_text(c));
    }
    read_channel_text(feed.metadata, channel, scope);
    // Like an item's, the channel's title may come in Dublin Core only.
    if (feed.title.empty())
      if (pugi::xml_node dc_title = xmlns::child(channel, xmlns::kDublinCore, "title"))
        feed.title = plain_text(element_text(dc_title));
  }
  // Items sit in <channel> in RSS 2.0 and beside it in RSS 1.0; some broken
  // feeds put them under the root in 2.0 too.
  for (pugi::xml_node parent : {channel, root}) {
    if (!parent) continue;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element && rss_name(xmlns::local_name(c)) == "item")
        feed.items.push_back(parse_item(c, scope));
  }
  // RSS 1.0's <image> and <textinput> stand beside the channel, and so does
  // the <redirect> of a feed that moved.
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling())
    if (c != channel) read_rss_channel_element(c, scope, feed.metadata);
  if (feed.version == "0.91" && has_netscape_doctype(root)) feed.version = "0.91n";
  return feed;
}

}  // namespace gazette
