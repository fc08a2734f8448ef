// Text that was encoded to UTF-8 twice: its UTF-8 bytes were read as
// windows-1252 (or Latin-1) by some publishing step and encoded again, so
// "Kältewelle" became "KÃ¤ltewelle" and "„" became "â€ž". Feed readers
// (feedparser) undo it; so does Gazette, when it is sure.
#pragma once

#include <string>

namespace gazette {

// Repairs `text` (valid UTF-8) in place when the WHOLE value round-trips:
// every code point is ASCII, U+0080..U+00FF or one of windows-1252's
// characters for 0x80..0x9F, and the bytes they stand for form valid UTF-8
// with at least one multi-byte sequence. Anything else (correct Latin text
// such as "SÃO PAULO", "café", a mix of repaired and correct text) is left
// as it is. Returns true when it changed `text`.
//
// Cheap on the common path: a value without the byte 0xC3 cannot be
// double-encoded (every UTF-8 lead byte, 0xC2..0xF4, becomes U+00C2..U+00F4,
// which is 0xC3 0x82..0xB4) and costs one memchr.
bool repair_mojibake(std::string& text);

}  // namespace gazette
