// Charset detection and conversion of fetched bytes: whatever the bytes and
// labels, the result is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "feeds/charset.h"
#include "feeds/mojibake.h"
#include "feeds/xml_decoding.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gazette;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The document's own declaration and BOM decide with no header...
  CharsetDecision decision;
  fuzz::require_utf8(decode_to_utf8(bytes, "", &decision), "decode_to_utf8");
  // ...and the bytes may be the header: a Content-Type value as servers send it.
  (void)charset_from_content_type(bytes);
  (void)canonical_charset(bytes);
  (void)declared_charset(bytes);
  fuzz::require_utf8(decode_to_utf8(bytes, "text/html; charset=shift_jis"), "decode shift_jis");
  // Each family of decoder iconv has: single byte, multi-byte, stateful, wide.
  for (std::string_view charset :
       {"utf-8", "windows-1252", "gb18030", "iso-2022-jp", "utf-16le", "utf-16be", "euc-kr"})
    fuzz::require_utf8(convert_to_utf8(bytes, charset), "convert_to_utf8");
  // Feeds: wide layouts, the XML declaration, a header label picked by the
  // first byte, the UTF-8-or-windows-1252 fallback.
  static constexpr std::string_view kHeaders[] = {"",
                                                  "text/xml; charset=koi8-r",
                                                  "text/xml; charset=utf-8",
                                                  "text/xml; charset=utf-32",
                                                  "application/rss+xml; charset=big5",
                                                  "text/xml",
                                                  "text/plain",
                                                  "application/xml"};
  std::string_view header = size ? kHeaders[data[0] % std::size(kHeaders)] : std::string_view();
  std::string xml;
  XmlCharsetReport report;
  fuzz::require_utf8(xml_as_utf8(bytes, xml, header, &report) ? std::string_view(xml) : bytes,
                     "xml_as_utf8");
  fuzz::require_utf8(report.encoding, "XmlCharsetReport::encoding");
  fuzz::require_utf8(report.warning, "XmlCharsetReport::warning");
  // The strict decoder the report uses: its output, when it accepts, is UTF-8.
  for (std::string_view label : {"us-ascii", "iso-8859-1", "windows_1251", "cp037", "macroman",
                                 "gb18030", "utf-16be", "no-such-charset"}) {
    std::string strict;
    if (decode_strictly(bytes, label, strict)) fuzz::require_utf8(strict, "decode_strictly");
  }
  fuzz::require_utf8(utf8_or_windows1252(bytes), "utf8_or_windows1252");
  // Mojibake repair of valid text: valid UTF-8 out, and only when encoding
  // the result once more through windows-1252 gives back the input.
  std::string text = utf8_or_windows1252(bytes);
  std::string original = text;
  if (repair_mojibake(text)) {
    fuzz::require_utf8(text, "repair_mojibake");
    if (windows1252_as_utf8(text) != original) fuzz::fail("repair_mojibake round trip", original);
  }
  return 0;
}
