// The readers of each extension (feeds/*_extension.cc), behind
// feeds/extension_elements.h. Internal to feeds/.
#pragma once

#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/document_scope.h"
#include "feeds/feed_details.h"

namespace gazette {

// What an extension element may fill: the extension fields, and the core
// fields feedparser maps extensions to. A feed and an entry have different
// sets of core fields; those the other lacks are null here.
struct ExtensionTarget {
  Extensions& extensions;
  std::vector<Category>& tags;
  std::optional<Person>& publisher;
  std::optional<TextConstruct>& subtitle;
  std::optional<TextConstruct>& summary;
  std::optional<FeedImage>& image;
  std::vector<Person>* authors;        // the feed's (an entry's author is FeedItem::author)
  std::optional<TextConstruct>* info;  // the feed's
  const DocumentScope& scope;
};

// An attribute that holds a URL, resolved against the base in force at the
// element; empty when the attribute is missing or empty.
std::string extension_url(pugi::xml_node element, std::string_view value,
                          const DocumentScope& scope);

// Adds {term, scheme, label} unless the same term and scheme is there.
void add_tag(std::vector<Category>& tags, std::string term, std::string_view scheme,
             std::string_view label);

void read_itunes(pugi::xml_node element, ExtensionTarget& target);
void read_media(pugi::xml_node element, ExtensionTarget& target);
// GeoRSS simple and GML elements (georss:point ... georss:where, gml:*).
void read_geo(pugi::xml_node element, ExtensionTarget& target);
void read_chapters(pugi::xml_node element, ExtensionTarget& target);

}  // namespace gazette
