#include "feeds/charset.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <string>
#include <utility>
#include <vector>

namespace gazette {
namespace {

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.front())) || s.front() == '"' ||
                        s.front() == '\''))
    s.remove_prefix(1);
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == '"' ||
                        s.back() == '\''))
    s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Reads the value after "charset" at `pos` in lower-cased `text` ("charset =
// 'x'"); "" when no '=' follows.
std::string value_after_charset(std::string_view text, std::size_t pos) {
  pos += 7;  // "charset"
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  if (pos >= text.size() || text[pos] != '=') return {};
  ++pos;
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  if (pos < text.size() && (text[pos] == '"' || text[pos] == '\'')) ++pos;
  std::size_t end = pos;
  while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) &&
         text[end] != '"' && text[end] != '\'' && text[end] != ';' && text[end] != '>' &&
         text[end] != '/')
    ++end;
  return std::string(text.substr(pos, end - pos));
}

// A label as written names a charset only in printable ASCII (XML's EncName
// is letters, digits, '.', '_', '-'): anything else is "" (reports and
// warnings carry the label, and must stay UTF-8).
std::string printable_label(std::string label) {
  for (char c : label)
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F) return {};
  return label;
}

std::string_view bom_charset(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") return "utf-8";
  if (bytes.substr(0, 2) == "\xFE\xFF") return "utf-16be";
  if (bytes.substr(0, 2) == "\xFF\xFE") return "utf-16le";
  return {};
}

// The name glibc's iconv knows the WHATWG encoding by.
std::string iconv_name(std::string_view canonical) {
  if (canonical == "euc-kr") return "CP949";  // WHATWG's euc-kr is Microsoft's superset
  if (canonical == "x-mac-cyrillic") return "MAC-CYRILLIC";
  if (canonical == "macintosh") return "MACINTOSH";
  if (canonical == "gbk") return "GB18030";  // WHATWG decodes gbk with the gb18030 decoder
  std::string out(canonical);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Labels Python's codecs accept (and feeds therefore declare) under names
// glibc's iconv spells differently.
std::string_view python_label_in_iconv(std::string_view label) {
  struct Alias {
    std::string_view label, iconv;
  };
  static constexpr Alias kAliases[] = {
      {"cp_is", "CP861"},
      {"csibm861", "CP861"},
      {"ibm039", "IBM037"},
      {"macroman", "MACINTOSH"},
      {"maciceland", "MAC-IS"},
      {"maccentraleurope", "MAC-CENTRALEUROPE"},
      {"maclatin2", "MAC-CENTRALEUROPE"},
      {"mac_latin2", "MAC-CENTRALEUROPE"},
      {"mac_roman", "MACINTOSH"},
      {"mac_iceland", "MAC-IS"},
      {"maccyrillic", "MAC-CYRILLIC"},
      {"mac_cyrillic", "MAC-CYRILLIC"},
  };
  for (const auto& alias : kAliases)
    if (alias.label == label) return alias.iconv;
  return {};
}

// An iconv descriptor decoding `label` (canonical, or as a document wrote
// it) to UTF-8: the WHATWG name, the label with '_' for '-' (Python's
// "windows_1251", "ebcdic_cp_us"), Python's names; (iconv_t)-1 if none.
iconv_t open_decoder_uncached(std::string_view label) {
  if (label == "iso-8859-1-strict") return iconv_open("UTF-8", "ISO-8859-1");
  std::string canonical = canonical_charset(label);
  iconv_t cd = iconv_open("UTF-8", iconv_name(canonical).c_str());
  if (cd != reinterpret_cast<iconv_t>(-1)) return cd;
  std::string dashed = iconv_name(canonical);
  std::replace(dashed.begin(), dashed.end(), '_', '-');
  cd = iconv_open("UTF-8", dashed.c_str());
  if (cd != reinterpret_cast<iconv_t>(-1)) return cd;
  if (std::string_view alias = python_label_in_iconv(canonical); !alias.empty())
    cd = iconv_open("UTF-8", std::string(alias).c_str());
  return cd;
}

// iconv_open loads the code page's gconv module (dlopen) and iconv_close
// unloads it, which cost more than decoding a small feed: each thread keeps
// the last few descriptors (and the labels iconv does not know), reset
// before each use. Never closed by the caller.
class DecoderCache {
 public:
  ~DecoderCache() {
    for (auto& [label, cd] : entries_)
      if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
  }
  iconv_t get(std::string_view label) {
    for (auto& [name, cd] : entries_)
      if (name == label) {
        if (cd != reinterpret_cast<iconv_t>(-1)) iconv(cd, nullptr, nullptr, nullptr, nullptr);
        return cd;
      }
    if (entries_.size() == kEntries) {
      if (entries_.front().second != reinterpret_cast<iconv_t>(-1))
        iconv_close(entries_.front().second);
      entries_.erase(entries_.begin());
    }
    entries_.emplace_back(std::string(label), open_decoder_uncached(label));
    return entries_.back().second;
  }

 private:
  static constexpr std::size_t kEntries = 8;
  std::vector<std::pair<std::string, iconv_t>> entries_;
};

iconv_t open_decoder(std::string_view label) {
  thread_local DecoderCache cache;
  return cache.get(label);
}

void append_replacement(std::string& out) { out += "\xEF\xBF\xBD"; }

// windows-1252's characters for the bytes 0x80..0x9F; 0 where it has none
// (those bytes stay U+0080.. as in Latin-1, as browsers decode them).
constexpr char32_t kWindows1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

}  // namespace

std::string canonical_charset(std::string_view label) {
  std::string l = lower_trimmed(label);
  // The subset of the WHATWG Encoding Standard's label table that matters on
  // the web; browsers decode these labels with these encodings, so must we.
  struct Alias {
    std::string_view label, name;
  };
  static constexpr Alias kAliases[] = {
      {"utf8", "utf-8"},
      {"unicode-1-1-utf-8", "utf-8"},
      {"ascii", "windows-1252"},
      {"us-ascii", "windows-1252"},
      {"iso-8859-1", "windows-1252"},
      {"iso8859-1", "windows-1252"},
      {"iso_8859-1", "windows-1252"},
      {"latin1", "windows-1252"},
      {"l1", "windows-1252"},
      {"cp1252", "windows-1252"},
      {"x-cp1252", "windows-1252"},
      {"cp819", "windows-1252"},
      {"iso-ir-100", "windows-1252"},
      {"cp1250", "windows-1250"},
      {"cp1251", "windows-1251"},
      {"x-cp1251", "windows-1251"},
      {"latin2", "iso-8859-2"},
      {"iso8859-2", "iso-8859-2"},
      {"latin9", "iso-8859-15"},
      {"iso8859-15", "iso-8859-15"},
      {"iso-8859-9", "windows-1254"},
      {"latin5", "windows-1254"},
      {"iso-8859-11", "windows-874"},
      {"tis-620", "windows-874"},
      {"iso-8859-8-i", "iso-8859-8"},
      {"koi", "koi8-r"},
      {"koi8", "koi8-r"},
      {"koi8_r", "koi8-r"},
      {"gb2312", "gbk"},
      {"x-gbk", "gbk"},
      {"chinese", "gbk"},
      {"big5-hkscs", "big5"},
      {"x-sjis", "shift_jis"},
      {"sjis", "shift_jis"},
      {"ms_kanji", "shift_jis"},
      {"windows-31j", "shift_jis"},
      {"x-euc-jp", "euc-jp"},
      {"ks_c_5601-1987", "euc-kr"},
      {"windows-949", "euc-kr"},
      {"mac", "macintosh"},
      {"x-mac-roman", "macintosh"},
      {"utf-16", "utf-16le"},
  };
  for (const auto& alias : kAliases)
    if (alias.label == l) return std::string(alias.name);
  return l;
}

std::string charset_from_content_type(std::string_view content_type) {
  std::string value = content_type_charset_label(content_type);
  return value.empty() ? std::string() : canonical_charset(value);
}

std::string xml_declared_label(std::string_view bytes) {
  // Only the declaration is lower-cased: this runs on every feed.
  bytes = bytes.substr(0, 1024);
  std::size_t start = 0;
  while (start < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[start]))) ++start;
  if (lower_trimmed(bytes.substr(start, 5)) != "<?xml") return {};
  std::size_t close = bytes.find("?>", start);
  if (close == std::string_view::npos) return {};
  std::string head = lower_trimmed(bytes.substr(start, close + 2 - start));
  std::size_t end = head.size() - 2;
  std::size_t enc = head.find("encoding");
  if (enc == std::string::npos || enc >= end) return {};
  std::size_t q = head.find_first_of("\"'", enc);
  std::size_t q2 = q == std::string::npos ? q : head.find(head[q], q + 1);
  if (q2 == std::string::npos || q2 > end) return {};
  return printable_label(lower_trimmed(std::string_view(head).substr(q + 1, q2 - q - 1)));
}

std::string xml_declared_charset(std::string_view bytes) {
  std::string label = xml_declared_label(bytes);
  return label.empty() ? label : canonical_charset(label);
}

std::string content_type_charset_label(std::string_view content_type) {
  std::string lower = lower_trimmed(content_type);
  std::size_t pos = lower.find("charset");
  if (pos == std::string::npos) return {};
  return printable_label(value_after_charset(lower, pos));
}

bool decode_strictly(std::string_view bytes, std::string_view label, std::string& out) {
  std::string name = lower_trimmed(label);
  out.clear();
  if (name == "us-ascii" || name == "ascii" || name == "646" || name == "us") {
    if (std::any_of(bytes.begin(), bytes.end(),
                    [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
      return false;
    out.assign(bytes);
    return true;
  }
  if (canonical_charset(name) == "utf-8") {
    if (!is_valid_utf8(bytes)) return false;
    out.assign(bytes);
    return true;
  }
  // Latin-1 proper, not the WHATWG windows-1252 that canonical_charset reads
  // the label as: every byte is defined.
  iconv_t cd = open_decoder(name == "iso-8859-1" || name == "latin1" || name == "latin-1"
                                ? std::string_view("iso-8859-1-strict")
                                : std::string_view(name));
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out.reserve(bytes.size() + bytes.size() / 4);
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char buffer[8192];
  bool ok = true;
  for (;;) {
    char* dst = buffer;
    std::size_t dst_left = sizeof buffer;
    std::size_t rc = in_left ? iconv(cd, &in, &in_left, &dst, &dst_left)
                             : iconv(cd, nullptr, nullptr, &dst, &dst_left);
    out.append(buffer, static_cast<std::size_t>(dst - buffer));
    if (rc != static_cast<std::size_t>(-1)) {
      if (in_left == 0 && dst == buffer) break;  // flushed
      continue;
    }
    if (errno == E2BIG) continue;
    ok = false;  // EILSEQ, EINVAL: a byte the charset does not define
    break;
  }
  return ok && is_valid_utf8(out);
}

std::string declared_charset(std::string_view bytes) {
  if (std::string xml = xml_declared_charset(bytes); !xml.empty()) return xml;
  std::string head = lower_trimmed(bytes.substr(0, 1024));
  for (std::size_t pos = head.find("<meta"); pos != std::string::npos;
       pos = head.find("<meta", pos + 5)) {
    std::size_t end = head.find('>', pos);
    std::string_view tag =
        std::string_view(head).substr(pos, end == std::string::npos ? end : end - pos);
    std::size_t cs = tag.find("charset");
    if (cs == std::string::npos) continue;
    std::string value = value_after_charset(tag, cs);
    if (value.empty()) continue;
    std::string name = canonical_charset(value);
    // HTML: a page that got this far was read as ASCII-compatible bytes, so
    // a declared UTF-16 can only mean UTF-8.
    if (name.rfind("utf-16", 0) == 0) return "utf-8";
    return name;
  }
  return {};
}

std::size_t utf8_sequence_length(std::string_view bytes, std::size_t i) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  unsigned char c = s[i];
  if (c < 0x80) return 1;
  std::size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > n) return 0;
  if (s[i + 1] < lo || s[i + 1] > hi) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if (s[i + k] < 0x80 || s[i + k] > 0xBF) return 0;
  return len;
}

void append_utf8(std::string& out, char32_t cp) {
  // Not a Unicode scalar value: no UTF-8 for it.
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

char32_t windows1252_code_point(unsigned char byte) {
  if (byte < 0x80 || byte > 0x9F) return byte;
  char32_t cp = kWindows1252High[byte - 0x80];
  return cp ? cp : byte;
}

std::string windows1252_as_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) append_utf8(out, windows1252_code_point(c));
  return out;
}

std::string utf8_or_windows1252(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (std::size_t i = 0; i < bytes.size();) {
    if (std::size_t len = utf8_sequence_length(bytes, i)) {
      out.append(bytes, i, len);
      i += len;
    } else {
      append_utf8(out, windows1252_code_point(static_cast<unsigned char>(bytes[i])));
      ++i;
    }
  }
  return out;
}

bool is_valid_utf8(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t len = utf8_sequence_length(bytes, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

bool repair_utf8(std::string& bytes) {
  if (is_valid_utf8(bytes)) return false;
  std::string out;
  out.reserve(bytes.size() + 16);
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  for (std::size_t i = 0; i < bytes.size();) {
    if (std::size_t len = utf8_sequence_length(bytes, i)) {
      out.append(bytes, i, len);
      i += len;
      continue;
    }
    // One U+FFFD for the lead byte and the continuation bytes that could
    // still have belonged to it (a "maximal subpart"); a stray continuation
    // byte is one on its own.
    std::size_t skip = 1;
    unsigned char c = s[i];
    std::size_t expected = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 1;
    if (c <= 0xF4)
      while (skip < expected && i + skip < bytes.size() && (s[i + skip] & 0xC0) == 0x80) ++skip;
    out += "\xEF\xBF\xBD";
    i += skip;
  }
  bytes = std::move(out);
  return true;
}

bool usable_legacy_label(std::string_view charset) {
  return !charset.empty() && charset != "utf-8" && charset.rfind("utf-16", 0) != 0 &&
         charset.rfind("utf-32", 0) != 0 && charset != "ucs-2" && charset != "ucs-4" &&
         charset != "unicode";
}

CharsetDecision detect_charset(std::string_view bytes, std::string_view content_type) {
  if (auto bom = bom_charset(bytes); !bom.empty()) return {std::string(bom), "bom"};
  if (is_valid_utf8(bytes)) return {"utf-8", "utf-8"};
  if (std::string declared = declared_charset(bytes); usable_legacy_label(declared))
    return {declared, "declared"};
  if (std::string header = charset_from_content_type(content_type); usable_legacy_label(header))
    return {header, "header"};
  // Not UTF-8 and undeclared: the web's legacy default.
  return {"windows-1252", "default"};
}

std::string convert_to_utf8(std::string_view bytes, std::string_view charset) {
  std::string name = canonical_charset(charset);
  if (auto bom = bom_charset(bytes); !bom.empty()) {
    bytes.remove_prefix(bom == "utf-8" ? 3 : 2);
    name = std::string(bom);
  }
  // glibc's UTF-8 decoder lets code points above U+10FFFF through (F4 90 80
  // 80): UTF-8 is repaired here, not by iconv.
  if (name == "utf-8") {
    std::string out(bytes);
    repair_utf8(out);
    return out;
  }
  // The web's most common legacy encoding, by the WHATWG table: glibc's
  // refuses the five bytes windows-1252 leaves undefined (0x81, ...), which
  // browsers read as U+0081 ...; and a table needs no iconv_open.
  if (name == "windows-1252") return windows1252_as_utf8(bytes);
  iconv_t cd = open_decoder(name);
  if (cd == reinterpret_cast<iconv_t>(-1)) cd = open_decoder("windows-1252");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    std::string out(bytes);
    repair_utf8(out);
    return out;
  }

  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char buffer[8192];
  while (in_left > 0) {
    char* dst = buffer;
    std::size_t dst_left = sizeof buffer;
    std::size_t rc = iconv(cd, &in, &in_left, &dst, &dst_left);
    out.append(buffer, static_cast<std::size_t>(dst - buffer));
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) continue;
    // EILSEQ (a byte the charset does not define) or EINVAL (a sequence cut
    // off at the end): one replacement character, then go on after the byte.
    append_replacement(out);
    ++in;
    --in_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset shift state
  }
  char* dst = buffer;
  std::size_t dst_left = sizeof buffer;
  iconv(cd, nullptr, nullptr, &dst, &dst_left);  // flush stateful encodings
  out.append(buffer, static_cast<std::size_t>(dst - buffer));
  repair_utf8(out);  // UTF-8 whatever the decoder did: callers store it as TEXT
  return out;
}

std::string decode_to_utf8(std::string_view bytes, std::string_view content_type,
                           CharsetDecision* decision) {
  CharsetDecision d = detect_charset(bytes, content_type);
  std::string out =
      d.source == "default" ? utf8_or_windows1252(bytes) : convert_to_utf8(bytes, d.charset);
  if (decision) *decision = std::move(d);
  return out;
}

}  // namespace gazette
