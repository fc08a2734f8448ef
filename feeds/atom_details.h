// The parts of an Atom document that are not text constructs, read into the
// detail model (feeds/feed_details.h): people, links, categories, ids,
// dates, generator, icon and logo, and an entry's <source>. Atom 1.0, Atom
// 0.3 and the drafts before it ("echo", "pie", ...) name some of these
// differently (<url> for <uri>, <modified> for <updated>, ...); each name
// fills the field that means it. The text constructs are feeds/text_construct.h.
#pragma once

#include <pugixml.hpp>
#include <string_view>

#include "feeds/document_scope.h"
#include "feeds/feed_details.h"

namespace gazette {

// True when `element` belongs to the feed's vocabulary: Atom 1.0, Atom 0.3,
// or the namespace of the document's root (the drafts before Atom 0.3 had
// their own, and sloppy publishers leave it out altogether). An undeclared
// conventional prefix is flagged on the document only with
// `flag_undeclared` (the first reader of an element does; readers of the
// same element after it do not, so each is counted once).
bool in_atom_vocabulary(pugi::xml_node element, std::string_view feed_ns,
                        bool flag_undeclared = false);
// The same test on a namespace URI already resolved.
bool is_atom_vocabulary_uri(std::string_view ns, std::string_view feed_ns);

// True when `link` is a web page of the feed or entry: rel alternate with
// an HTML media type (Atom's "html" and "xhtml" included).
bool is_html_alternate(const Link& link);

// Reads `element`, a child of <feed> or of an entry's <source>, into `feed`
// when it is one of the non-text elements above; false for any other.
bool read_atom_feed_element(pugi::xml_node element, const DocumentScope& scope, FeedMetadata& feed);

// Reads `element`, a child of <entry>, into `entry` when it is one of the
// non-text elements above (<source> included); false for any other.
bool read_atom_entry_element(pugi::xml_node element, const DocumentScope& scope,
                             std::string_view feed_ns, EntryDetails& entry);

// An entry's <source>: the metadata of the feed the entry was copied from,
// its text constructs included.
FeedMetadata atom_source(pugi::xml_node source, const DocumentScope& scope,
                         std::string_view feed_ns);

}  // namespace gazette
