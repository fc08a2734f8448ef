// What a feed says beyond the article fields of FeedItem: every text
// construct with its type, language and base, people with their e-mail and
// home page, every link (enclosures are links with rel="enclosure"),
// categories with scheme and label, the feed's own metadata, an Atom entry's
// <source>, and the podcast, media and geo extensions (feed_extensions.h).
//
// The parsers fill these in the same pass that fills FeedItem, so nothing is
// read twice. Storage keeps what readers use (enclosures, the feed's
// metadata); `gazette parse --format feedparser` prints all of it, which is
// how feedparser's test suite scores the parsers (docs/conformance.md).
//
// The vocabulary is feedparser's normalized one (title, subtitle, rights,
// links, tags, ...), since it is the de facto common ground of RSS 0.9x/1.0/2.0,
// Atom 0.3/1.0 and their extensions: a field is named for what it means, and
// each format's element that means it fills it (Atom 0.3 <tagline> and RSS
// <description> are both the feed's subtitle).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "feeds/feed_extensions.h"

namespace gazette {

// A piece of text and how to read it (feedparser's *_detail).
struct TextConstruct {
  std::string value;  // as published: plain text for text/plain, markup otherwise
  // "text/plain", "text/html", "application/xhtml+xml", or another media type
  std::string type = "text/plain";
  std::string language;  // xml:lang (or Content-Language) in force; empty: none
  std::string base;      // the base URL in force (xml:base, else the document's)
  std::string src;       // Atom <content src>: out-of-line content, resolved; value empty
};

// An author, contributor or publisher. Any part may be empty.
struct Person {
  std::string name;
  std::string email;
  std::string href;  // Atom <uri> (0.3: <url>), resolved
};

// A link as published (Atom <link>, RSS <link>/<enclosure>/<comments>, ...).
struct Link {
  std::string rel = "alternate";
  std::string type;
  std::string href;  // resolved against the base in force
  std::string title;
  std::string length;  // as published (enclosure sizes are often not numbers)
  std::string hreflang;
};

// A category: term, and the optional scheme (domain) and human label.
struct Category {
  std::string term;
  std::string scheme;
  std::string label;
};

struct Generator {
  std::string name;
  std::string href;
  std::string version;
};

// RSS <image>, Atom <logo>/<icon>, itunes:image.
struct FeedImage {
  std::string href;
  std::string title;
  std::string link;
  std::string description;
  std::string width;
  std::string height;
};

// RSS <textInput>.
struct TextInput {
  std::string title;
  std::string description;
  std::string name;
  std::string link;
};

// RSS <cloud>: its attributes as published.
struct Cloud {
  std::string domain;
  std::string port;
  std::string path;
  std::string register_procedure;
  std::string protocol;
};

// A date as published and as read. `text` is the element's text; `instant`
// is empty when it could not be read.
struct PublishedDate {
  std::string text;
  std::optional<std::int64_t> instant;  // UnixTime
};

// The metadata a feed, and an Atom entry's <source> (which describes the feed
// the entry came from), carry.
struct FeedMetadata {
  std::optional<TextConstruct> title;
  std::optional<TextConstruct> subtitle;  // Atom <subtitle>/<tagline>, RSS <description>
  std::optional<TextConstruct> rights;    // <rights>/<copyright>
  std::optional<TextConstruct> info;      // Atom 0.3 <info>
  std::string id;                         // Atom <id>, RSS 1.0 rdf:about
  std::string language;                   // RSS <language>/dc:language, the root's xml:lang
  std::vector<Link> links;
  std::vector<Person> authors;
  std::vector<Person> contributors;
  std::optional<Person> publisher;  // dc:publisher, <managingEditor>, itunes:owner
  std::vector<Category> tags;
  std::optional<PublishedDate> updated;
  std::optional<PublishedDate> published;
  std::optional<Generator> generator;
  std::optional<FeedImage> image;
  std::optional<FeedImage> icon;  // Atom <icon>: href only
  std::optional<TextInput> text_input;
  std::optional<Cloud> cloud;
  std::string docs;              // RSS <docs>, resolved
  std::string ttl;               // RSS <ttl>, as published
  std::string license;           // cc:license / creativeCommons:license
  std::string error_reports_to;  // admin:errorReportsTo
  // Filled from extension elements (feeds/extension_elements.h):
  std::optional<TextConstruct> summary;  // itunes:summary
  Extensions extensions;
  // Atom (feeds/atom_details.h):
  std::optional<FeedImage> logo;         // Atom <logo>: href only
  std::optional<PublishedDate> created;  // Atom 0.3 <created>
  // RSS and Dublin Core (feeds/rss_details.h): an RSS item's <source url>,
  // dcterms:created, and the two ends of dcterms:valid.
  std::string href;
  std::optional<PublishedDate> validity_start;
  std::optional<PublishedDate> validity_end;
  std::string new_location;  // RSS <redirect><newLocation>: where the feed moved, resolved
};

// The per-entry fields that FeedItem does not carry, or carries reduced
// (FeedItem::title is plain text; here it keeps its type and markup).
struct EntryDetails {
  std::optional<TextConstruct> title;
  std::optional<TextConstruct> summary;
  std::vector<TextConstruct> content;
  std::optional<TextConstruct> rights;
  std::vector<Link> links;
  std::vector<Person> authors;
  std::vector<Person> contributors;
  std::optional<Person> publisher;
  std::vector<Category> tags;
  std::optional<PublishedDate> published;
  std::optional<PublishedDate> updated;
  std::optional<PublishedDate> created;  // Atom 0.3 <created>, dcterms:created
  std::optional<PublishedDate> expired;  // RSS <expirationDate>, dcterms:valid end
  bool guid_is_link = false;             // the id is also the entry's link
  std::string comments;                  // RSS <comments>, resolved
  std::string license;
  std::string language;                // xml:lang in force on the entry
  std::optional<FeedMetadata> source;  // Atom <source>, RSS <source>
  // Filled from extension elements (feeds/extension_elements.h):
  std::optional<TextConstruct> subtitle;  // itunes:subtitle
  std::optional<FeedImage> image;         // itunes:image
  Extensions extensions;
  // Atom (feeds/atom_details.h):
  std::string id;  // Atom <id>, relative ones resolved; FeedItem::guid keeps it as published
  // FeedItem::author was inherited from the entry's <source> or the feed
  // (RFC 4287 section 4.2.1): the entry itself names no author.
  bool author_inherited = false;
  // The parser read the entry's text constructs into title, summary and
  // content (absent ones stay absent); false for a format whose parser
  // does not, which then has only the FeedItem fields.
  bool texts_read = false;
  // The id is RSS 1.0's rdf:about, not a guid: it never stands for the link
  // (feedparser gives such an entry no guidislink).
  bool id_is_rdf_about = false;
};

}  // namespace gazette
