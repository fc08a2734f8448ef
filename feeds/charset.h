// Character sets of fetched pages: which one the bytes are in, and the same
// text as UTF-8. Order of evidence (see shared/notes/lessons.md): a BOM, then
// "the bytes already are valid UTF-8", then the document's own declaration
// (<meta charset> / http-equiv, or <?xml encoding?>), then the HTTP header.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gazette {

// The WHATWG name of an encoding label, lower case ("latin1", "iso-8859-1",
// "ascii" -> "windows-1252"; "utf8" -> "utf-8"; "x-sjis" -> "shift_jis").
// Unknown labels are returned trimmed and lower-cased.
std::string canonical_charset(std::string_view label);

// The charset parameter of a Content-Type value, canonical; "" when absent.
std::string charset_from_content_type(std::string_view content_type);

// The charset a document declares in its first 1024 bytes (<meta charset>,
// <meta http-equiv="Content-Type" content="...; charset=...">, or an XML
// declaration's encoding), canonical; "" when none.
std::string declared_charset(std::string_view bytes);

// The encoding an XML declaration (<?xml ... encoding="..."?>) at the start
// of `bytes` names, canonical; "" when there is none.
std::string xml_declared_charset(std::string_view bytes);

// The same label as written, lower case and unquoted ("windows_1251",
// "iso-8859-1", "u16"): what feedparser reports as the document's encoding.
std::string xml_declared_label(std::string_view bytes);

// The charset parameter of a Content-Type value as written, lower case and
// unquoted ("gb2312"); "" when absent.
std::string content_type_charset_label(std::string_view content_type);

// Decodes `bytes` in the charset named by `label` (any spelling iconv or
// Python knows: "windows_1251", "cp_is", "macroman", "ebcdic-cp-us") into
// `out` and returns true only when every byte is valid there; false, with
// `out` unspecified, for an unknown label or an invalid byte. "us-ascii"
// means ASCII (no byte above 0x7F), "iso-8859-1" means Latin-1.
bool decode_strictly(std::string_view bytes, std::string_view label, std::string& out);

// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view bytes);

// The length (1 to 4) of the well-formed UTF-8 sequence starting at
// bytes[pos], or 0 when the bytes there are not one (a stray continuation
// byte, an overlong, a surrogate, a cut sequence).
std::size_t utf8_sequence_length(std::string_view bytes, std::size_t pos);

// Appends code point `cp` as UTF-8; a surrogate or a value beyond U+10FFFF
// as U+FFFD.
void append_utf8(std::string& out, char32_t cp);

// The character windows-1252 (as the WHATWG Encoding Standard defines it)
// gives `byte`: U+20AC for 0x80, U+00E4 for 0xE4, U+0081 for 0x81.
char32_t windows1252_code_point(unsigned char byte);

// Every byte of `bytes` read as windows-1252 (that table, not iconv's,
// which refuses 0x81, 0x8D, 0x8F, 0x90, 0x9D), as UTF-8.
std::string windows1252_as_utf8(std::string_view bytes);

// `bytes` as UTF-8: its well-formed UTF-8 sequences as they are, each other
// byte read as windows-1252. For a document that claims UTF-8 (or claims
// nothing) and is not: a Latin-1 file comes out right, and a UTF-8 file
// with one stray Latin-1 byte keeps all its other characters.
std::string utf8_or_windows1252(std::string_view bytes);

// `bytes` with each ill-formed sequence replaced by U+FFFD (one for a bad
// lead byte with the continuation bytes after it, one for a stray byte).
// Returns true when it changed
// anything. Valid text is left as it is, without a copy.
bool repair_utf8(std::string& bytes);

// Where the charset decision came from, for logs and `gazette extract`.
struct CharsetDecision {
  std::string charset;  // canonical name, e.g. "utf-8", "windows-1252"
  std::string source;   // "bom", "utf-8", "declared", "header", "default"
};

// True when `charset` (canonical) can describe bytes that have no BOM and
// are not valid UTF-8: not UTF-8 (proven wrong by then), not UTF-16/32
// (an ASCII-compatible document is not laid out so). A label that fails
// this is skipped for the next piece of evidence.
bool usable_legacy_label(std::string_view charset);

// BOM, valid UTF-8, declaration, header (each a usable_legacy_label), else
// {"windows-1252", "default"}: decode_to_utf8 then keeps the UTF-8
// sequences there are and reads every other byte as windows-1252.
CharsetDecision detect_charset(std::string_view bytes, std::string_view content_type);

// Converts `bytes` in `charset` to UTF-8 with iconv. Bytes that are invalid in
// that charset become U+FFFD rather than failing the page; an unknown charset
// is treated as windows-1252 (every byte maps to something). A leading BOM is
// dropped.
std::string convert_to_utf8(std::string_view bytes, std::string_view charset);

// detect_charset + convert_to_utf8.
std::string decode_to_utf8(std::string_view bytes, std::string_view content_type,
                           CharsetDecision* decision = nullptr);

}  // namespace gazette
