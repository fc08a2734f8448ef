#include "feeds/text_controls.h"

#include <fmt/format.h>

#include "feeds/charset.h"

namespace gazette {
namespace {

bool is_kept_break(unsigned char c, LineBreaks breaks) {
  return breaks == LineBreaks::keep ? (c == '\t' || c == '\n' || c == '\r') : false;
}

// A C0 control or DEL that must go.
bool is_ascii_control(unsigned char c, LineBreaks breaks) {
  return (c < 0x20 || c == 0x7F) && !is_kept_break(c, breaks);
}

// U+0080-U+009F: C2 80 .. C2 9F in UTF-8.
bool is_c1_at(std::string_view s, std::size_t i) {
  return static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() &&
         static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
         static_cast<unsigned char>(s[i + 1]) <= 0x9F;
}

// U+202A-U+202E (E2 80 AA..AE) and U+2066-U+2069 (E2 81 A6..A9).
bool is_bidi_control_at(std::string_view s, std::size_t i) {
  if (i + 2 >= s.size() || static_cast<unsigned char>(s[i]) != 0xE2) return false;
  auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
  return (b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9);
}

bool needs_removal(std::string_view s, std::size_t i, LineBreaks breaks) {
  return is_ascii_control(static_cast<unsigned char>(s[i]), breaks) || is_c1_at(s, i);
}

}  // namespace

void remove_controls(std::string& text, LineBreaks breaks) {
  std::size_t i = 0;
  while (i < text.size() && !needs_removal(text, i, breaks)) ++i;
  if (i == text.size()) return;
  std::size_t out = i;
  while (i < text.size()) {
    if (is_c1_at(text, i)) {
      i += 2;
    } else if (is_ascii_control(static_cast<unsigned char>(text[i]), breaks)) {
      ++i;
    } else {
      text[out++] = text[i++];
    }
  }
  text.resize(out);
}

std::string escape_for_terminal(std::string_view text, LineBreaks breaks) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    // A tab moves the cursor harmlessly; a carriage return would let a line
    // overwrite what came before it on screen.
    if (c == '\r' || (c != '\t' && is_ascii_control(c, breaks))) {
      out += fmt::format("\\x{:02X}", c);
      ++i;
      continue;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) {
      out += fmt::format("\\x{:02X}", c);
      ++i;
    } else if (is_c1_at(text, i)) {
      out += fmt::format("\\u{:04X}", static_cast<unsigned char>(text[i + 1]));
      i += len;
    } else if (is_bidi_control_at(text, i)) {
      unsigned cp = ((c & 0x0F) << 12) | ((static_cast<unsigned char>(text[i + 1]) & 0x3F) << 6) |
                    (static_cast<unsigned char>(text[i + 2]) & 0x3F);
      out += fmt::format("\\u{:04X}", cp);
      i += len;
    } else {
      out.append(text, i, len);
      i += len;
    }
  }
  return out;
}

}  // namespace gazette
