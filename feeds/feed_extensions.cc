// Dispatch of extension elements by namespace, and the extensions small
// enough to need no file of their own: threading, wfw, FeedBurner.
#include <algorithm>

#include "feeds/extension_elements.h"
#include "feeds/extension_readers.h"
#include "feeds/feed_text.h"
#include "feeds/html_text.h"
#include "feeds/text_construct.h"
#include "feeds/url_normalize.h"
#include "feeds/xml_names.h"

namespace gazette {
namespace {

constexpr std::string_view kGeoRss = "http://www.georss.org/georss";
constexpr std::string_view kGml = "http://www.opengis.net/gml";
constexpr std::string_view kPsc = "http://podlove.org/simple-chapters";
constexpr std::string_view kThreading = "http://purl.org/syndication/thread/1.0";
constexpr std::string_view kWfw = "http://wellformedweb.org/CommentAPI/";
constexpr std::string_view kFeedBurner = "http://rssnamespace.org/feedburner/ext/1.0";
constexpr std::string_view kSyndication = "http://purl.org/rss/1.0/modules/syndication/";
// The example namespace of Apple's 2005 podcast specification, which
// podcasts copied as it stood; feedparser reads it as iTunes' too.
constexpr std::string_view kItunesSpecExample = "http://example.com/DTDs/Podcast-1.0.dtd";

void read_threading(pugi::xml_node element, ExtensionTarget& target) {
  if (xmlns::local_name(element) != "in-reply-to") return;
  InReplyTo reply;
  reply.ref = element.attribute("ref").value();
  reply.href = extension_url(element, element.attribute("href").value(), target.scope);
  reply.type = element.attribute("type").value();
  reply.source = extension_url(element, element.attribute("source").value(), target.scope);
  target.extensions.in_reply_to = std::move(reply);
}

void read_wfw(pugi::xml_node element, ExtensionTarget& target) {
  std::string_view local = xmlns::local_name(element);
  std::string text = collapse_whitespace(element_text(element));
  if (local == "comment")
    target.extensions.wfw_comment = extension_url(element, text, target.scope);
  else if (local == "commentRss" || local == "commentRSS")
    target.extensions.wfw_comment_rss = extension_url(element, text, target.scope);
}

void read_feedburner(pugi::xml_node element, ExtensionTarget& target) {
  std::string_view local = xmlns::local_name(element);
  if (local == "browserFriendly" && target.info && !*target.info) {
    // The note FeedBurner shows a person who opens the feed in a browser.
    *target.info = rss_text(element, target.scope, "text/plain");
  } else if (local == "origLink") {
    target.extensions.feedburner_orig_link =
        extension_url(element, collapse_whitespace(element_text(element)), target.scope);
  }
}

// sy:updatePeriod, sy:updateFrequency, sy:updateBase: the channel's only
// (target.info is the feed's).
void read_syndication(pugi::xml_node element, ExtensionTarget& target) {
  if (!target.info) return;
  std::string_view local = xmlns::local_name(element);
  std::string text = collapse_whitespace(element_text(element));
  if (local == "updatePeriod")
    target.extensions.sy_update_period = std::move(text);
  else if (local == "updateFrequency")
    target.extensions.sy_update_frequency = std::move(text);
  else if (local == "updateBase")
    target.extensions.sy_update_base = std::move(text);
}

void read_extension(pugi::xml_node element, ExtensionTarget& target) {
  if (element.type() != pugi::node_element) return;
  std::string_view name = element.name();
  // Unprefixed elements are the host format's (or an unknown default
  // namespace's): nothing here, and no namespace lookup spent on them.
  if (name.find(':') == std::string_view::npos && !element.attribute("xmlns")) return;
  // The parser looks up every child's namespace itself: flagging an
  // undeclared prefix here too would count it twice.
  std::string_view ns = xmlns::uri(element, /*flag=*/false);
  if (xmlns::is_itunes(ns) || ns == kItunesSpecExample)
    read_itunes(element, target);
  else if (xmlns::is_media(ns))
    read_media(element, target);
  else if (ns == kGeoRss || ns == kGml)
    read_geo(element, target);
  else if (ns == kPsc)
    read_chapters(element, target);
  else if (ns == kThreading)
    read_threading(element, target);
  else if (ns == kWfw)
    read_wfw(element, target);
  else if (ns == kFeedBurner)
    read_feedburner(element, target);
  else if (ns == kSyndication)
    read_syndication(element, target);
}

}  // namespace

std::string extension_url(pugi::xml_node element, std::string_view value,
                          const DocumentScope& scope) {
  if (value.empty()) return {};
  return resolve_url(xmlns::base_at(element, scope.base_url), value);
}

void add_tag(std::vector<Category>& tags, std::string term, std::string_view scheme,
             std::string_view label) {
  if (term.empty()) return;
  bool known = std::any_of(tags.begin(), tags.end(),
                           [&](const Category& c) { return c.term == term && c.scheme == scheme; });
  if (!known) tags.push_back({std::move(term), std::string(scheme), std::string(label)});
}

void read_feed_extension(pugi::xml_node element, const DocumentScope& scope, FeedMetadata& feed) {
  ExtensionTarget target{feed.extensions, feed.tags,    feed.publisher,
                         feed.subtitle,   feed.summary, feed.image,
                         &feed.authors,   &feed.info,   scope};
  read_extension(element, target);
}

void read_entry_extension(pugi::xml_node element, const DocumentScope& scope, EntryDetails& entry) {
  ExtensionTarget target{entry.extensions, entry.tags,    entry.publisher,
                         entry.subtitle,   entry.summary, entry.image,
                         nullptr,          nullptr,       scope};
  read_extension(element, target);
}

}  // namespace gazette
