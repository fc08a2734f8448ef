// Which encoding a feed is read in: BOM or wide layout, valid UTF-8, the XML
// declaration, the HTTP header's charset, windows-1252 (xml_decoding.h).
#include <gtest/gtest.h>

#include <string>

#include "feeds/feed_parser.h"
#include "feeds/xml_decoding.h"

namespace gazette {
namespace {

std::string rss(std::string_view declaration, std::string_view title) {
  return std::string(declaration) + "<rss version=\"2.0\"><channel><title>t</title><item><title>" +
         std::string(title) + "</title><link>https://a.example/1</link></item></channel></rss>";
}

std::string first_title(std::string_view body, std::string_view content_type = {}) {
  ParsedFeed feed = parse_feed(body, "https://a.example/feed", content_type);
  return feed.items.empty() ? std::string("(no item)") : feed.items[0].title;
}

// "Новости дня" in windows-1251 and in KOI8-R.
constexpr std::string_view kCp1251 = "\xCD\xEE\xE2\xEE\xF1\xF2\xE8 \xE4\xED\xFF";
constexpr std::string_view kKoi8r = "\xEE\xCF\xD7\xCF\xD3\xD4\xC9 \xC4\xCE\xD1";

// UTF-16 of `ascii_and_bmp` given as UTF-8 (BMP only), little or big endian.
std::string utf16(std::string_view utf8, bool little) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    char32_t cp = c;
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : 3;
    if (len > 1) {
      cp = c & (len == 2 ? 0x1F : 0x0F);
      for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (utf8[i + k] & 0x3F);
    }
    char hi = static_cast<char>(cp >> 8), lo = static_cast<char>(cp & 0xFF);
    out += little ? lo : hi;
    out += little ? hi : lo;
    i += len;
  }
  return out;
}

TEST(FeedCharset, DeclaredCodePagesViaIconv) {
  EXPECT_EQ(first_title(rss("<?xml version=\"1.0\" encoding=\"windows-1251\"?>", kCp1251)),
            "Новости дня");
  EXPECT_EQ(first_title(rss("<?xml version=\"1.0\" encoding=\"KOI8-R\"?>", kKoi8r)), "Новости дня");
}

TEST(FeedCharset, HeaderCharsetWhenTheDocumentDeclaresNone) {
  EXPECT_EQ(first_title(rss("", kKoi8r), "application/rss+xml; charset=koi8-r"), "Новости дня");
  EXPECT_EQ(first_title(rss("<?xml version=\"1.0\"?>", kCp1251), "text/xml; charset=cp1251"),
            "Новости дня");
  // No label at all: windows-1252.
  EXPECT_EQ(first_title(rss("", "K\xE4ltewelle")), "Kältewelle");
}

TEST(FeedCharset, DeclarationOutranksADisagreeingHeader) {
  // A server's default charset=utf-8 (or iso-8859-1) on a windows-1251 file.
  for (std::string_view header : {"text/xml; charset=utf-8", "text/xml; charset=iso-8859-1"})
    EXPECT_EQ(
        first_title(rss("<?xml version=\"1.0\" encoding=\"windows-1251\"?>", kCp1251), header),
        "Новости дня")
        << header;
}

TEST(FeedCharset, ValidUtf8WinsOverEveryLabel) {
  EXPECT_EQ(first_title(rss("<?xml version=\"1.0\" encoding=\"windows-1251\"?>", "Новости"),
                        "text/xml; charset=koi8-r"),
            "Новости");
}

TEST(FeedCharset, Utf16WithAndWithoutBom) {
  std::string doc = rss("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "Новости дня");
  EXPECT_EQ(first_title("\xFF\xFE" + utf16(doc, true)), "Новости дня");
  EXPECT_EQ(first_title("\xFE\xFF" + utf16(doc, false)), "Новости дня");
  EXPECT_EQ(first_title(utf16(doc, true)), "Новости дня");
  EXPECT_EQ(first_title(utf16(doc, false)), "Новости дня");
  // Whitespace before the declaration: the layout still shows.
  EXPECT_EQ(first_title(utf16("\n" + doc, true)), "Новости дня");
  // A header that says windows-1251 cannot make a UTF-16 document one.
  EXPECT_EQ(first_title("\xFF\xFE" + utf16(doc, true), "text/xml; charset=windows-1251"),
            "Новости дня");
}

TEST(FeedCharset, Utf32WithAndWithoutBom) {
  std::string doc = rss("<?xml version=\"1.0\" encoding=\"UTF-32\"?>", "Новости дня");
  std::string le = utf16(doc, true), be = utf16(doc, false), le32, be32;
  for (std::size_t i = 0; i < le.size(); i += 2) {
    le32 += le.substr(i, 2) + std::string(2, '\0');
    be32 += std::string(2, '\0') + be.substr(i, 2);
  }
  EXPECT_EQ(first_title(std::string("\xFF\xFE\0\0", 4) + le32), "Новости дня");
  EXPECT_EQ(first_title(std::string("\0\0\xFE\xFF", 4) + be32), "Новости дня");
  EXPECT_EQ(first_title(le32), "Новости дня");
  EXPECT_EQ(first_title(be32, "text/xml; charset=koi8-r"), "Новости дня");
}

TEST(FeedCharset, WideFeedsAreSniffedAsFeeds) {
  std::string doc = rss("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "t");
  EXPECT_TRUE(looks_like_feed("\xFF\xFE" + utf16(doc, true)));
  EXPECT_TRUE(looks_like_feed(utf16(doc, false)));
  EXPECT_FALSE(looks_like_feed(utf16("<html><head></head></html>", true)));
}

TEST(FeedCharset, WideLabelsOnANarrowDocumentAreIgnored) {
  // Transcoded by a server that kept the old declaration.
  EXPECT_EQ(first_title(rss("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", kCp1251),
                        "text/xml; charset=windows-1251"),
            "Новости дня");
  EXPECT_EQ(first_title(rss("", "K\xE4lte"), "text/xml; charset=utf-16"), "Kälte");
}

TEST(FeedCharset, Utf8LabelsOnInvalidUtf8) {
  // A Latin-1 file under a declaration or header that says UTF-8.
  EXPECT_EQ(first_title(rss("<?xml version=\"1.0\" encoding=\"utf-8\"?>", "K\xE4lte"),
                        "application/rss+xml; charset=utf-8"),
            "Kälte");
  // UTF-8 with one stray windows-1252 byte keeps its other characters.
  EXPECT_EQ(first_title(rss("", "Новости \x96 M\xFCnchen")), "Новости – München");
}

TEST(FeedCharset, ValidUtf8IsNotCopied) {
  std::string out;
  EXPECT_FALSE(xml_as_utf8(rss("", "Новости"), out, "text/xml; charset=koi8-r"));
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace gazette
