#include "feeds/mojibake.h"

#include <cstring>

#include "feeds/charset.h"

namespace gazette {
namespace {

// The single byte that code point `cp` stands for in windows-1252 (or
// Latin-1), or -1.
int single_byte_of(char32_t cp) {
  if (cp <= 0xFF) return static_cast<int>(cp);
  for (int byte = 0x80; byte <= 0x9F; ++byte)
    if (windows1252_code_point(static_cast<unsigned char>(byte)) == cp) return byte;
  return -1;
}

}  // namespace

bool repair_mojibake(std::string& text) {
  if (std::memchr(text.data(), 0xC3, text.size()) == nullptr) return false;
  std::string bytes;
  bytes.reserve(text.size());
  bool multibyte = false;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) return false;  // not UTF-8: not for this repair
    char32_t cp = s[i];
    if (len > 1) {
      multibyte = true;
      cp &= 0xFFu >> (len + 1);
      for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    int byte = single_byte_of(cp);
    if (byte < 0) return false;
    bytes += static_cast<char>(byte);
    i += len;
  }
  if (!multibyte || !is_valid_utf8(bytes) || bytes == text) return false;
  text = std::move(bytes);
  return true;
}

}  // namespace gazette
