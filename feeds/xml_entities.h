// Real feeds use HTML's named entities (&nbsp;, &eacute;, &shy;) and bare
// ampersands inside XML, which strict parsers reject. This pre-pass makes
// such documents well-formed without touching CDATA sections or comments.
// The entity table is generated from the WHATWG list (see
// generate_entity_table.py); no Debian C/C++ package exports one (gumbo's
// char_ref tables are internal to the library).
#pragma once

#include <string>
#include <string_view>

namespace gazette {

// Rewrites each HTML5 named entity that XML does not define into numeric
// character references (&eacute; -> &#xE9;), which keeps the document valid
// in whatever encoding it declares, and escapes ampersands that start no
// reference. Returns false and leaves `out` empty when the document needs no
// change (the common case, which then costs one scan and no copy).
//
// With XmlEntities::numeric, XML's own five (&amp; &lt; &gt; &quot;
// &apos;) become numeric references too: libxml2's recovery mode
// (feeds/xml_recovery.h) drops every named reference after a document's
// first error ("Fish &amp; Chips" became "Fish  Chips") but keeps numeric
// ones.
//
// Names whose meaning changed in HTML5 keep the one XHTML 1.0's entity sets
// give them, since XML documents are written against those: &lang; and
// &rang; are U+2329/U+232A, not HTML5's U+27E8/U+27E9. A hexadecimal
// reference written "&#X41;" (uppercase X, which XML does not allow) is
// rewritten "&#x41;". `undefined`, when given, receives the name of the
// first entity XML does not define ("nbsp"), or stays as it was.
enum class XmlEntities { keep, numeric };
bool repair_xml_entities(std::string_view xml, std::string& out,
                         XmlEntities xml_entities = XmlEntities::keep,
                         std::string* undefined = nullptr);

// The UTF-8 text of an HTML5 named entity ("eacute" -> "é"); empty if unknown.
// Binary search over the sorted generated table.
std::string_view html_entity(std::string_view name);

// Decodes terminated character references (&name; &#NN; &#xHH;) in `text`
// into `out`, the way an HTML parser would. Returns false when `text` holds an
// ampersand this fast path cannot decide on (unterminated or unknown name,
// which HTML's legacy rules may still decode): the caller then needs a real
// HTML parser.
bool decode_html_references(std::string_view text, std::string& out);

}  // namespace gazette
