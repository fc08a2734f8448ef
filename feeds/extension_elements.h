// Reads the extension elements of a channel/feed or an item/entry (iTunes,
// Media RSS, GeoRSS/GML, Podlove Simple Chapters, threading, wfw,
// FeedBurner) into the model: feeds/feed_extensions.h, and the core fields
// of feeds/feed_details.h where feedparser maps an extension there.
//
// The RSS and Atom parsers call these for every child element, in the same
// pass that reads the core elements; an element in no namespace read here is
// left alone, so the call costs one namespace lookup.
#pragma once

#include <pugixml.hpp>

#include "feeds/document_scope.h"
#include "feeds/feed_details.h"

namespace gazette {

// `element` is a child of the channel (RSS) or the feed (Atom).
void read_feed_extension(pugi::xml_node element, const DocumentScope& scope, FeedMetadata& feed);

// `element` is a child of an item (RSS) or an entry (Atom).
void read_entry_extension(pugi::xml_node element, const DocumentScope& scope, EntryDetails& entry);

}  // namespace gazette
