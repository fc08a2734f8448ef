// What a feed's charset report says (feeds/xml_decoding.h's XmlCharsetReport,
// ParsedFeed::encoding and ParsedFeed::bozo): feedparser's rules for the
// encoding's name and its bozo reasons, while the text Gazette stores stays
// what the bytes mean. Fixtures are written here, byte by byte.
#include <gtest/gtest.h>
#include <iconv.h>

#include <string>

#include "feeds/charset.h"
#include "feeds/feed_parser.h"
#include "feeds/xml_decoding.h"
#include "feeds/xml_entities.h"

namespace gazette {
namespace {

std::string rss(std::string_view declaration, std::string_view title) {
  return std::string(declaration) + "<rss version=\"2.0\"><channel><title>t</title><item><title>" +
         std::string(title) + "</title><link>https://a.example/1</link></item></channel></rss>";
}

std::string decl(std::string_view encoding) {
  return "<?xml version=\"1.0\" encoding=\"" + std::string(encoding) + "\"?>";
}

ParsedFeed parse(std::string_view body, std::string_view content_type = {}) {
  return parse_feed(body, "https://a.example/feed", content_type);
}

std::string first_title(const ParsedFeed& feed) {
  return feed.items.empty() ? std::string("(no item)") : feed.items[0].title;
}

// `utf8` in `charset`, by glibc's iconv (the test's own encoder).
std::string encode(std::string_view utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1)) << charset;
  std::string out(utf8.size() * 4 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &dst, &dst_left), static_cast<std::size_t>(-1)) << charset;
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

TEST(CharsetReport, WithoutHeadersTheDeclarationThenUtf8) {
  ParsedFeed declared = parse(rss(decl("ISO-8859-1"), "plain"));
  EXPECT_EQ(declared.encoding, "iso-8859-1");
  EXPECT_EQ(declared.bozo, "");
  ParsedFeed undeclared = parse(rss("", "plain"));
  EXPECT_EQ(undeclared.encoding, "utf-8");
  EXPECT_EQ(undeclared.bozo, "");
  EXPECT_EQ(undeclared.warning, "");
}

TEST(CharsetReport, TextXmlWithoutCharsetIsUsAscii) {
  // An ASCII document: us-ascii, whatever the declaration says, and clean.
  for (std::string_view type : {"text/xml", "text/atom+xml", "text/xml-external-parsed-entity"}) {
    ParsedFeed feed = parse(rss(decl("iso-8859-1"), "plain"), type);
    EXPECT_EQ(feed.encoding, "us-ascii") << type;
    EXPECT_EQ(feed.bozo, "") << type;
  }
  // UTF-8 under text/xml: reported as the override it is, stored right.
  ParsedFeed feed = parse(rss(decl("utf-8"), "Kältewelle"), "text/xml");
  EXPECT_EQ(first_title(feed), "Kältewelle");
  EXPECT_EQ(feed.encoding, "utf-8");
  EXPECT_EQ(feed.bozo,
            "CharacterEncodingOverride: document declared as us-ascii, but parsed as utf-8");
  EXPECT_NE(feed.warning.find(feed.bozo), std::string::npos);  // stored with the fetch
}

TEST(CharsetReport, ApplicationXmlTakesHeaderThenDeclarationThenUtf8) {
  EXPECT_EQ(
      parse(rss(decl("iso-8859-1"), "plain"), "application/atom+xml; charset=us-ascii").encoding,
      "us-ascii");
  EXPECT_EQ(parse(rss(decl("iso-8859-1"), "plain"), "application/rss+xml").encoding, "iso-8859-1");
  EXPECT_EQ(parse(rss("", "plain"), "application/xml").encoding, "utf-8");
  EXPECT_EQ(parse(rss("", "plain"), "application/xml-dtd; charset=\"US-ASCII\"").encoding,
            "us-ascii");
}

TEST(CharsetReport, NonXmlContentType) {
  ParsedFeed plain = parse(rss("", "plain"), "text/plain");
  EXPECT_EQ(plain.encoding, "us-ascii");
  EXPECT_EQ(plain.bozo, "NonXMLContentType: text/plain is not an XML media type");
  ParsedFeed html = parse(rss("", "Grüße"), "text/html; charset=utf-8");
  EXPECT_EQ(html.encoding, "utf-8");
  EXPECT_EQ(first_title(html), "Grüße");
  EXPECT_EQ(html.bozo.rfind("NonXMLContentType: ", 0), 0u) << html.bozo;
}

TEST(CharsetReport, Gb2312IsReadAsGb18030) {
  // "中文" in GB2312, and U+20AC, which only GB18030 (not GB2312) has.
  std::string body = rss("", encode("中文 €", "GB18030"));
  ParsedFeed feed = parse(body, "application/atom+xml; charset='gb2312'");
  EXPECT_EQ(feed.encoding, "gb18030");
  EXPECT_EQ(first_title(feed), "中文 €");
  EXPECT_EQ(feed.bozo, "");
  EXPECT_EQ(parse(rss(decl("gb2312"), encode("中文", "GB18030"))).encoding, "gb18030");
}

TEST(CharsetReport, WideLayoutsNameTheirByteOrder) {
  std::string doc = rss(decl("utf-16"), "Новости");
  ParsedFeed le = parse("\xFF\xFE" + encode(doc, "UTF-16LE"));
  EXPECT_EQ(le.encoding, "utf-16le");
  EXPECT_EQ(first_title(le), "Новости");
  EXPECT_EQ(le.bozo, "");
  ParsedFeed be = parse(encode(rss(decl("utf-32"), "Новости"), "UTF-32BE"));
  EXPECT_EQ(be.encoding, "utf-32be");
  EXPECT_EQ(first_title(be), "Новости");
  EXPECT_EQ(parse(encode(rss(decl("u16"), "x"), "UTF-16BE")).encoding, "utf-16be");
}

TEST(CharsetReport, EbcdicDocumentsInTheirDeclaredCodePage) {
  for (const char* code_page : {"cp037", "cp500"}) {
    ParsedFeed feed = parse(encode(rss(decl(code_page), "Øre"), code_page));
    EXPECT_EQ(feed.encoding, code_page);
    EXPECT_EQ(first_title(feed), "Øre") << code_page;
    EXPECT_EQ(feed.bozo, "") << code_page;
  }
}

TEST(CharsetReport, PythonSpellingsOfCodePages) {
  // Labels feeds copy from Python's codec names, which glibc spells otherwise.
  ParsedFeed cyrillic = parse(rss(decl("windows_1251"), "\xCD\xEE\xE2\xEE\xF1\xF2\xE8"));
  EXPECT_EQ(cyrillic.encoding, "windows_1251");
  EXPECT_EQ(first_title(cyrillic), "Новости");
  ParsedFeed mac = parse(rss(decl("macroman"), "\x80"));
  EXPECT_EQ(mac.encoding, "macroman");
  EXPECT_EQ(first_title(mac), "Ä");
  EXPECT_EQ(first_title(parse(rss(decl("cp_is"), "\x80"))), "Ç");  // code page 861
}

TEST(CharsetReport, DeclaredCharsetThatFailsIsOverridden) {
  // Latin-1 bytes under a UTF-8 declaration: windows-1252, said so.
  ParsedFeed latin = parse(rss(decl("utf-8"), "K\xE4lte"));
  EXPECT_EQ(first_title(latin), "Kälte");
  EXPECT_EQ(latin.encoding, "windows-1252");
  EXPECT_EQ(latin.bozo,
            "CharacterEncodingOverride: document declared as utf-8, but parsed as windows-1252");
  // A label nobody knows.
  ParsedFeed bogus = parse(rss(decl("bogus"), "plain"));
  EXPECT_EQ(bogus.encoding, "utf-8");
  EXPECT_EQ(bogus.bozo.rfind("CharacterEncodingOverride: document declared as bogus", 0), 0u);
}

TEST(CharsetReport, ValidUtf8UnderALegacyLabelIsStoredAsUtf8AndReported) {
  // feedparser would read these bytes as Latin-1 mojibake; Gazette keeps the
  // UTF-8 and says the label was overridden.
  ParsedFeed feed = parse(rss(decl("iso-8859-1"), "Новости"));
  EXPECT_EQ(first_title(feed), "Новости");
  EXPECT_EQ(feed.encoding, "utf-8");
  EXPECT_EQ(feed.bozo,
            "CharacterEncodingOverride: document declared as iso-8859-1, but parsed as utf-8");
}

TEST(CharsetReport, C1ControlsAreWindows1252) {
  EXPECT_EQ(first_title(parse(rss("", "don\xC2\x92t \xC2\x80"))), "don’t €");
}

TEST(CharsetReport, WhatAStrictParserRejectsIsBozo) {
  ParsedFeed entity = parse(rss("", "a&eacute;b &nbsp;"));
  EXPECT_EQ(first_title(entity), "aéb");
  EXPECT_EQ(entity.bozo, "SAXParseException: undefined entity &eacute;");
  ParsedFeed prefix = parse(
      "<rss version=\"2.0\"><channel><itunes:subtitle>s</itunes:subtitle><item><title>x</title>"
      "</item></channel></rss>");
  EXPECT_EQ(prefix.bozo, "UndeclaredNamespace: namespace prefix itunes is not declared");
  ParsedFeed declared = parse(
      "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel>"
      "<itunes:subtitle>s</itunes:subtitle><item><title xml:lang=\"en\">x</title></item>"
      "</channel></rss>");
  EXPECT_EQ(declared.bozo, "");
  // A prefix declared on a sibling's subtree is out of scope for the next one.
  ParsedFeed scoped = parse(
      "<rss version=\"2.0\"><channel><item xmlns:a=\"urn:a\"><a:x/></item><item><a:y/></item>"
      "</channel></rss>");
  EXPECT_EQ(scoped.bozo, "UndeclaredNamespace: namespace prefix a is not declared");
  ParsedFeed recovered = parse(rss("", "x</b>"));
  EXPECT_EQ(recovered.bozo.rfind("SAXParseException: recovered from malformed XML", 0), 0u)
      << recovered.bozo;
}

TEST(CharsetReport, Xhtml1EntitiesAndUppercaseHexReferences) {
  EXPECT_EQ(first_title(parse(rss("", "&lang;x&rang;"))), "\u2329x\u232A");
  EXPECT_EQ(first_title(parse(rss("", "&#X41;&#x42;"))), "AB");
}

TEST(CharsetReport, LabelsThatAreNotPrintableAsciiNameNothing) {
  // The report and the stored warning carry labels: they must stay UTF-8.
  EXPECT_EQ(xml_declared_label("<?xml version=\"1.0\" encoding=\"u\xFFtf-32\"?><rss/>"), "");
  EXPECT_EQ(content_type_charset_label("text/xml; charset=k\xC0oi8-r"), "");
  ParsedFeed feed =
      parse(rss("<?xml version=\"1.0\" encoding=\"mac\xFF\"?>", "K\xE4lte"), "text/pl\xE4in");
  EXPECT_EQ(first_title(feed), "Kälte");
  EXPECT_TRUE(is_valid_utf8(feed.encoding));
  EXPECT_TRUE(is_valid_utf8(feed.bozo)) << feed.bozo;
  EXPECT_TRUE(is_valid_utf8(feed.warning));
}

TEST(CharsetReport, DecodeStrictly) {
  std::string out;
  EXPECT_TRUE(decode_strictly("abc", "us-ascii", out));
  EXPECT_FALSE(decode_strictly("\xE4", "us-ascii", out));
  EXPECT_TRUE(decode_strictly("\xE4", "iso-8859-1", out));
  EXPECT_EQ(out, "ä");
  EXPECT_FALSE(decode_strictly("\x81", "windows-1252", out));  // undefined there
  EXPECT_FALSE(decode_strictly("\xE4", "utf-8", out));
  EXPECT_FALSE(decode_strictly("x", "no-such-charset", out));
  EXPECT_TRUE(decode_strictly("\xC0", "ebcdic_cp_us", out));
  EXPECT_EQ(out, "{");
}

}  // namespace
}  // namespace gazette
