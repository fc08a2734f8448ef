// The bytes of a fetched XML document (a feed, an OPML file) as the UTF-8
// text pugixml parses. pugixml itself decodes only UTF-8, UTF-16/32 and
// Latin-1 and copies any other bytes as they are, so a windows-1251 or
// Shift_JIS document gave text that was not UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace gazette {

// Decodes `body` to UTF-8 and repairs its entities (xml_entities.h). The
// order of trust (docs/schema.md, "Character encodings"):
//   1. a UTF-16/32 BOM or layout (XML 1.0 appendix F; a wide document can
//      be nothing else, whatever a label says), or a UTF-8 BOM;
//   2. valid UTF-8 stays as it is: a label that says otherwise is wrong
//      (a server's default charset, a copied declaration);
//   3. the XML declaration's encoding;
//   4. the charset parameter of `content_type`, the HTTP header;
//   5. none, or only "UTF-8" (proven wrong by now): the UTF-8 sequences
//      there are, and windows-1252 for every other byte (charset.h's
//      utf8_or_windows1252: a Latin-1 feed without a declaration).
// RFC 7303 section 3 ranks the header above the declaration; real servers
// attach a default charset to every file, while the declaration is written
// by the software that wrote the bytes, so the declaration is trusted more.
// A label naming UTF-16/32 on a document that is not laid out so is ignored.
// EBCDIC documents (starting "<?xm" in code page 037, XML 1.0 appendix F)
// are read in the code page their declaration names. C1 control characters
// (U+0080..U+009F) in the result are read as windows-1252 ("don\u0092t" is
// "don't"): no feed means them, and they are what a cp1252 byte becomes
// under a Latin-1 or mistaken UTF-8 label.
// Returns false and leaves `out` empty when `body` is that text already (no
// copy); else the text is in `out`. Either way, parse it with
// pugi::encoding_utf8: an encoding="..." in it no longer applies.
// What feedparser would report about the charset of a document (../shared/
// corpus/feedparser/README.md, "--header"): without a `content_type`, the
// BOM, then the XML declaration, then utf-8; with one, RFC 3023: text/xml
// and text/*+xml without a charset are us-ascii whatever the declaration
// says, application/xml and application/*+xml take the HTTP charset, then
// the declaration, then utf-8, and any other type is NonXMLContentType; a
// gb2312 label is read as gb18030. When the bytes are invalid in the charset
// those rules choose, the report names the charset that worked and says
// CharacterEncodingOverride.
//
// xml_as_utf8 decodes more leniently than feedparser (valid UTF-8 and the
// declaration outrank a header that disagrees: see above), so the report
// names the charset whose decoding equals the text Gazette actually made:
// feedparser's choice when it decodes to that same text (any ASCII-
// compatible label on an ASCII document, the same code page), else the
// charset Gazette used, with a CharacterEncodingOverride that says so.
struct XmlCharsetReport {
  // feedparser's spelling: the label as written, lower case ("iso-8859-1",
  // "windows_1251", "us-ascii", "utf-16be", "gb18030").
  std::string encoding;
  // "Type: message", feedparser's exception class and text:
  // "CharacterEncodingOverride: document declared as us-ascii, but parsed as
  // utf-8", "NonXMLContentType: text/plain is not an XML media type"; empty
  // when the labels and the bytes agree.
  std::string warning;
  // The first HTML entity XML does not define that the document used
  // ("nbsp"): the document is not well-formed, though repaired
  // (xml_entities.h). Empty when none.
  std::string undefined_entity;
};

bool xml_as_utf8(std::string_view body, std::string& out, std::string_view content_type = {},
                 XmlCharsetReport* report = nullptr);

// The charset that steps 3 and 4 above choose for a body that is neither
// wide nor valid UTF-8, canonical (feeds/charset.h); "" for step 5.
std::string legacy_xml_charset(std::string_view body, std::string_view content_type);

}  // namespace gazette
