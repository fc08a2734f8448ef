// Charset detection and conversion of fetched bytes: whatever the bytes and
// labels, the result is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "feeds/charset.h"
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
  return 0;
}
