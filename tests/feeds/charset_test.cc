#include "feeds/charset.h"

#include <gtest/gtest.h>

#include "page_test_util.h"

namespace gazette {
namespace {

TEST(CharsetTest, WhatwgLabelsMapLatin1AndAsciiToWindows1252) {
  EXPECT_EQ(canonical_charset("ISO-8859-1"), "windows-1252");
  EXPECT_EQ(canonical_charset(" latin1 "), "windows-1252");
  EXPECT_EQ(canonical_charset("US-ASCII"), "windows-1252");
  EXPECT_EQ(canonical_charset("UTF8"), "utf-8");
  EXPECT_EQ(canonical_charset("Shift_JIS"), "shift_jis");
  EXPECT_EQ(canonical_charset("koi8-r"), "koi8-r");
}

TEST(CharsetTest, ContentTypeParameter) {
  EXPECT_EQ(charset_from_content_type("text/html; charset=ISO-8859-1"), "windows-1252");
  EXPECT_EQ(charset_from_content_type("text/html;charset=\"utf-8\""), "utf-8");
  EXPECT_EQ(charset_from_content_type("text/html"), "");
}

TEST(CharsetTest, DeclaredInMetaOrXmlDeclaration) {
  EXPECT_EQ(declared_charset("<html><head><meta charset=\"windows-1251\">"), "windows-1251");
  EXPECT_EQ(declared_charset("<meta http-equiv=\"Content-Type\" content=\"text/html; "
                             "charset=iso-8859-2\">"),
            "iso-8859-2");
  EXPECT_EQ(declared_charset("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><rss/>"),
            "iso-8859-15");
  // Only the first 1024 bytes count.
  EXPECT_EQ(declared_charset(std::string(1100, ' ') + "<meta charset=koi8-r>"), "");
  // A declared UTF-16 in an ASCII-readable page can only be UTF-8.
  EXPECT_EQ(declared_charset("<meta charset=utf-16>"), "utf-8");
}

TEST(CharsetTest, Utf8Validity) {
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\xB0"));
  EXPECT_FALSE(is_valid_utf8("caf\xE9"));       // latin-1 é
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));      // cut short
}

TEST(CharsetTest, EvidenceOrderBomThenValidUtf8ThenDeclarationThenHeader) {
  EXPECT_EQ(detect_charset("\xEF\xBB\xBF<meta charset=latin1>\xE9", "").source, "bom");
  // Valid UTF-8 wins over a wrong declaration...
  auto d = detect_charset("<meta charset=iso-8859-1>caf\xC3\xA9", "text/html; charset=koi8-r");
  EXPECT_EQ(d.charset, "utf-8");
  // ...an invalid one is read as declared, then as the header says.
  EXPECT_EQ(detect_charset("<meta charset=iso-8859-1>caf\xE9", "").charset, "windows-1252");
  d = detect_charset("caf\xE9", "text/html; charset=iso-8859-15");
  EXPECT_EQ(d.charset, "iso-8859-15");
  EXPECT_EQ(d.source, "header");
  EXPECT_EQ(detect_charset("caf\xE9", "").source, "default");
  // A label saying UTF-8 (or UTF-16) on bytes that are not is skipped.
  d = detect_charset("<meta charset=utf-8>caf\xE9", "text/html; charset=utf-16");
  EXPECT_EQ(d.source, "default");
}

TEST(CharsetTest, UndeclaredOrMislabelledBytesKeepTheirUtf8) {
  // Latin-1 under a UTF-8 label, and UTF-8 with one stray windows-1252 byte.
  EXPECT_EQ(decode_to_utf8("<meta charset=utf-8>caf\xE9 \x80", ""), "<meta charset=utf-8>café €");
  EXPECT_EQ(decode_to_utf8("Stra\xC3\x9F\x65 \x96 M\xFCnchen", "text/html; charset=utf-8"),
            "Straße – München");
  EXPECT_EQ(utf8_or_windows1252("\x81\x9D"), "\u0081\u009D");  // undefined in windows-1252
}

TEST(CharsetTest, ConvertsLegacyEncodings) {
  // 0x80 is the euro sign in windows-1252 (not a control as in ISO-8859-1),
  // 0x93/0x94 curly quotes.
  EXPECT_EQ(convert_to_utf8("\x80 \x93ok\x94 caf\xE9", "iso-8859-1"),
            "\xE2\x82\xAC \xE2\x80\x9Cok\xE2\x80\x9D caf\xC3\xA9");
  EXPECT_EQ(convert_to_utf8("\xF0\xD2\xC9\xD7\xC5\xD4", "koi8-r"),
            "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");                // Привет
  EXPECT_EQ(convert_to_utf8(std::string("\xFF\xFEh\0i\0", 6), "utf-8"), "hi");  // BOM decides
}

TEST(CharsetTest, BadBytesBecomeReplacementCharacters) {
  EXPECT_EQ(convert_to_utf8("ok\xFF\xFEmore", "utf-8"), "ok\xEF\xBF\xBD\xEF\xBF\xBDmore");
  // Shift_JIS lead byte with nothing after it.
  EXPECT_EQ(convert_to_utf8("a\x82", "shift_jis"), "a\xEF\xBF\xBD");
  // Unknown charsets fall back to windows-1252 instead of failing the page.
  EXPECT_EQ(convert_to_utf8("caf\xE9", "x-no-such-charset"), "caf\xC3\xA9");
}

// Found by fuzz/charset_fuzz.cc: glibc's UTF-8 decoder passed a code point
// above U+10FFFF (F4 90 80 80) through as it was.
TEST(CharsetTest, Utf8OutputIsAlwaysValidUtf8) {
  const std::string bad =
      "a\xF4\x90\x80\x80"
      "b\xED\xA0\x80"
      "c\xC0\xAF";
  EXPECT_EQ(convert_to_utf8(bad, "utf-8"), "a\uFFFDb\uFFFDc\uFFFD\uFFFD");
  EXPECT_TRUE(is_valid_utf8(decode_to_utf8("\xEF\xBB\xBF" + bad, "")));
  EXPECT_TRUE(is_valid_utf8(convert_to_utf8(bad, "x-no-such-charset")));
}

TEST(CharsetTest, DecodesTheWindows1252Fixture) {
  std::string bytes = test_support::pages_fixture("blogger-latin1.html");
  ASSERT_FALSE(is_valid_utf8(bytes));
  CharsetDecision decision;
  std::string text = decode_to_utf8(bytes, "text/html", &decision);
  EXPECT_EQ(decision.charset, "windows-1252");
  EXPECT_EQ(decision.source, "declared");
  EXPECT_TRUE(is_valid_utf8(text));
  EXPECT_NE(text.find("Crème brûlée"), std::string::npos);
  EXPECT_NE(text.find("6 €"), std::string::npos);
  EXPECT_NE(text.find("d’œufs"), std::string::npos);
}

}  // namespace
}  // namespace gazette
