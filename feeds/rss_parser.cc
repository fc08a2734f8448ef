#include "feeds/rss_parser.h"

#include <cstring>

#include "feeds/date_parser.h"
#include "feeds/feed_text.h"
#include "feeds/url_normalize.h"
#include "feeds/xml_names.h"

namespace gazette {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

FeedItem parse_item(pugi::xml_node item, std::string_view base) {
  FeedItem out;
  std::string permalink;  // a guid that is a permalink, when there is no <link>
  for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view local = xmlns::local_name(c);
    std::string_view ns = xmlns::uri(c);
    bool plain = ns.empty() || ns == xmlns::kRss10;  // RSS 2.0 has no namespace
    if (plain) {
      if (local == "title") {
        out.title = plain_text(element_text(c));
      } else if (local == "link") {
        if (out.url.empty()) out.url = resolve_url(base, element_text(c));
      } else if (local == "guid") {
        out.guid = element_text(c);
        std::string_view is_permalink = c.attribute("isPermaLink").value();
        if (is_permalink != "false" && (starts_with(out.guid, "http://") || starts_with(out.guid, "https://")))
          permalink = out.guid;
      } else if (local == "description") {
        out.summary_html = element_text(c);
      } else if (local == "pubDate") {
        out.published = parse_date(element_text(c));
      } else if (local == "author") {
        if (out.author.empty()) out.author = author_name(element_text(c));
      } else if (local == "category") {
        std::string category = plain_text(element_text(c));
        if (!category.empty()) out.categories.push_back(std::move(category));
      } else if (local == "enclosure") {
        std::string_view type = c.attribute("type").value();
        if (out.image_url.empty() && starts_with(type, "image/"))
          out.image_url = resolve_url(base, c.attribute("url").value());
      }
    } else if (ns == xmlns::kContent && local == "encoded") {
      out.content_html = element_text(c);
    } else if (ns == xmlns::kDublinCore) {
      if (local == "creator" && out.author.empty()) out.author = plain_text(element_text(c));
      else if (local == "date" && !out.published) out.published = parse_date(element_text(c));
      else if (local == "modified") out.updated = parse_date(element_text(c));
      else if (local == "subject") out.categories.push_back(plain_text(element_text(c)));
    } else if (ns == xmlns::kAtom) {
      if (local == "link" && out.url.empty()) {
        std::string_view rel = c.attribute("rel").value();
        if (rel.empty() || rel == "alternate") out.url = resolve_url(base, c.attribute("href").value());
      } else if (local == "updated") {
        out.updated = parse_date(element_text(c));
      }
    } else if (ns == xmlns::kMedia && out.image_url.empty()) {
      if (local == "thumbnail" || (local == "content" && (starts_with(c.attribute("type").value(), "image/") ||
                                                          std::string_view(c.attribute("medium").value()) == "image")))
        out.image_url = resolve_url(base, c.attribute("url").value());
    } else if (ns == xmlns::kItunes && local == "author" && out.author.empty()) {
      out.author = plain_text(element_text(c));
    }
  }
  if (out.url.empty() && !permalink.empty()) out.url = permalink;
  return out;
}

}  // namespace

bool is_rss_root(pugi::xml_node root) {
  std::string_view local = xmlns::local_name(root);
  return local == "rss" || (local == "RDF" && xmlns::uri(root) == xmlns::kRdf);
}

ParsedFeed parse_rss(pugi::xml_node root, std::string_view base_url) {
  ParsedFeed feed;
  feed.format = xmlns::local_name(root) == "RDF" ? "rss1" : "rss";
  pugi::xml_node channel;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && xmlns::local_name(c) == "channel") {
      channel = c;
      break;
    }
  if (channel) {
    for (pugi::xml_node c = channel.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element || (!xmlns::uri(c).empty() && xmlns::uri(c) != xmlns::kRss10)) continue;
      std::string_view local = xmlns::local_name(c);
      if (local == "title" && feed.title.empty()) feed.title = plain_text(element_text(c));
      else if (local == "link" && feed.site_url.empty()) feed.site_url = resolve_url(base_url, element_text(c));
    }
  }
  // Items sit in <channel> in RSS 2.0 and beside it in RSS 1.0; some broken
  // feeds put them under the root in 2.0 too.
  for (pugi::xml_node parent : {channel, root}) {
    if (!parent) continue;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element && xmlns::local_name(c) == "item")
        feed.items.push_back(parse_item(c, base_url));
  }
  return feed;
}

}  // namespace gazette
