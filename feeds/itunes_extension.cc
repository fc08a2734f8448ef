// Apple's podcast elements (itunes:*). Their values follow Apple's
// specification as feedparser reads it: itunes:block and itunes:explicit
// compare their text exactly ("yes", not " yes " or "YES").
#include <string>

#include "feeds/extension_readers.h"
#include "feeds/feed_text.h"
#include "feeds/html_text.h"
#include "feeds/text_construct.h"
#include "feeds/xml_names.h"

namespace gazette {
namespace {

// The scheme of every tag that comes from iTunes' categories and keywords.
constexpr std::string_view kItunesScheme = "http://www.itunes.com/";

std::string trimmed_text(pugi::xml_node element) {
  return collapse_whitespace(element_text(element));
}

// <itunes:category text="Technology"><itunes:category text="Gadgets"/>: the
// category and its subcategories, outermost first.
void add_categories(pugi::xml_node category, std::vector<Category>& tags) {
  add_tag(tags, collapse_whitespace(category.attribute("text").value()), kItunesScheme, {});
  for (pugi::xml_node c = category.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && xmlns::local_name(c) == "category")
      add_categories(c, tags);
}

// "Technology, Gadgets": one tag each.
void add_keywords(std::string_view text, std::vector<Category>& tags) {
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    add_tag(tags, collapse_whitespace(text.substr(0, comma)), kItunesScheme, {});
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
}

void set_image(std::string href, ExtensionTarget& target) {
  // An itunes:image without a URL leaves the RSS <image> as it is.
  if (href.empty()) return;
  if (!target.image) target.image.emplace();
  target.image->href = std::move(href);
}

std::optional<bool> explicit_flag(std::string_view text) {
  if (text == "yes" || text == "true" || text == "explicit") return true;
  if (text == "no" || text == "false" || text == "clean") return false;
  return std::nullopt;
}

}  // namespace

void read_itunes(pugi::xml_node element, ExtensionTarget& target) {
  std::string_view local = xmlns::local_name(element);
  Extensions& ext = target.extensions;
  if (local == "block") {
    ext.itunes_block = element_text(element) == "yes" ? 1 : 0;
  } else if (local == "explicit") {
    ext.itunes_explicit = explicit_flag(element_text(element));
  } else if (local == "duration") {
    ext.itunes_duration = trimmed_text(element);
  } else if (local == "category") {
    add_categories(element, target.tags);
  } else if (local == "keywords") {
    add_keywords(element_text(element), target.tags);
  } else if (local == "image") {
    // Apple says href; some podcasts write url, as RSS <enclosure> does.
    pugi::xml_attribute href = element.attribute("href");
    if (!href || !*href.value()) href = element.attribute("url");
    set_image(extension_url(element, collapse_whitespace(href.value()), target.scope), target);
  } else if (local == "link") {
    // The 2005 draft's <itunes:link rel="image" href="...">.
    if (std::string_view(element.attribute("rel").value()) == "image")
      set_image(extension_url(element, element.attribute("href").value(), target.scope), target);
  } else if (local == "owner") {
    Person owner;
    for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      if (xmlns::local_name(c) == "name") owner.name = trimmed_text(c);
      if (xmlns::local_name(c) == "email") owner.email = trimmed_text(c);
    }
    if (!target.publisher && (!owner.name.empty() || !owner.email.empty()))
      target.publisher = std::move(owner);
  } else if (local == "author") {
    std::string name = trimmed_text(element);
    if (target.authors && target.authors->empty() && !name.empty())
      target.authors->push_back(Person{std::move(name), {}, {}});
  } else if (local == "subtitle") {
    if (!target.subtitle) target.subtitle = rss_text(element, target.scope, "text/plain");
  } else if (local == "summary") {
    if (!target.summary) target.summary = rss_text(element, target.scope, "text/plain");
  } else if (local == "new-feed-url") {
    ext.new_location = extension_url(element, trimmed_text(element), target.scope);
  } else if (local == "episode") {
    ext.itunes_episode = trimmed_text(element);
  } else if (local == "season") {
    ext.itunes_season = trimmed_text(element);
  } else if (local == "episodeType") {
    ext.itunes_episode_type = trimmed_text(element);
  } else if (local == "type") {
    ext.itunes_type = trimmed_text(element);
  } else if (local == "title") {
    ext.itunes_title = trimmed_text(element);
  }
}

}  // namespace gazette
