// The parts of an RSS 0.9x/1.0/2.0 channel and item that are not text
// constructs, read into the detail model (feeds/feed_details.h): links and
// enclosures, guid and whether it is the link, people ("email (Name)"
// split), categories with their domain, dates as published and as read, the
// channel's image, textInput, cloud, docs, ttl and generator, an item's
// <source>, and the Dublin Core, DCMI terms, Atom link, Creative Commons and
// admin elements RSS feeds carry. The RSS parser calls these once per child
// element, in the pass that fills FeedItem, so nothing is read twice.
#pragma once

#include <pugixml.hpp>

#include "feeds/document_scope.h"
#include "feeds/feed_details.h"

namespace gazette {

// One child element of <channel> (or, in RSS 1.0, of the root: its <image>
// and <textinput> stand beside the channel). Other elements are ignored.
void read_rss_channel_element(pugi::xml_node element, const DocumentScope& scope,
                              FeedMetadata& out);

// One child element of <item>. Elements before it were read already, so
// guidislink follows feedparser: a permalink guid is the link unless a
// <link> came first.
void read_rss_item_element(pugi::xml_node element, const DocumentScope& scope, EntryDetails& out);

// A date as published and as read (feeds/date_parser.h).
PublishedDate published_date(std::string_view text);

}  // namespace gazette
