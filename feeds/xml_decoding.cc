#include "feeds/xml_decoding.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>

#include "feeds/charset.h"
#include "feeds/xml_entities.h"

namespace gazette {
namespace {

// UTF-16/32 documents, by their BOM (dropped from `body`) or the NUL bytes
// around the first '<': the encoding's name, else "".
std::string_view wide_encoding(std::string_view& body) {
  using namespace std::string_view_literals;
  constexpr struct {
    std::string_view start;
    std::string_view charset;
    bool bom;
  } kWide[] = {
      {"\x00\x00\xFE\xFF"sv, "utf-32be", true}, {"\xFF\xFE\x00\x00"sv, "utf-32le", true},
      {"\xFE\xFF"sv, "utf-16be", true},         {"\xFF\xFE"sv, "utf-16le", true},
      {"\x00\x00\x00<"sv, "utf-32be", false},   {"<\x00\x00\x00"sv, "utf-32le", false},
      {"\x00<"sv, "utf-16be", false},           {"<\x00"sv, "utf-16le", false},
  };
  for (const auto& wide : kWide) {
    if (body.substr(0, wide.start.size()) != wide.start) continue;
    if (wide.bom) body.remove_prefix(wide.start.size());
    return wide.charset;
  }
  // No BOM and no '<' first (a text declaration's whitespace): the same
  // layouts around any ASCII character. XML allows no NUL, so NUL bytes
  // there mean a wide encoding.
  if (body.size() < 4) return {};
  auto ascii = [&](std::size_t i) {
    auto c = static_cast<unsigned char>(body[i]);
    return c != 0 && c < 0x80;
  };
  auto nul = [&](std::size_t i) { return body[i] == '\0'; };
  if (nul(0) && nul(1) && nul(2) && ascii(3)) return "utf-32be";
  if (ascii(0) && nul(1) && nul(2) && nul(3)) return "utf-32le";
  if (nul(0) && ascii(1) && nul(2) && ascii(3)) return "utf-16be";
  if (ascii(0) && nul(1) && ascii(2) && nul(3)) return "utf-16le";
  return {};
}

// "<?xm" in EBCDIC code page 037 (XML 1.0 appendix F).
constexpr std::string_view kEbcdicStart = "\x4C\x6F\xA7\x94";

// Labels that name a UTF-16/32 family rather than a byte order: the BOM or
// layout says which member the document is in.
bool names_wide_family(std::string_view label) {
  for (std::string_view family :
       {"u16", "utf-16", "utf16", "utf_16", "u32", "utf-32", "utf32", "utf_32", "ucs-2", "ucs-4",
        "iso-10646-ucs-2", "iso-10646-ucs-4", "csucs4", "csunicode", "unicode"})
    if (label == family) return true;
  return false;
}

// gb18030 is a superset of gb2312, whose label is often put on it.
std::string gb2312_as_gb18030(std::string label) {
  return label == "gb2312" ? std::string("gb18030") : label;
}

std::string media_type(std::string_view content_type) {
  std::string type;
  for (char c : content_type.substr(0, content_type.find(';')))
    if (!std::isspace(static_cast<unsigned char>(c)))
      type += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// True when `label` reads the printable ASCII characters as themselves: on
// an ASCII document, any such label gives the same text.
bool ascii_compatible(std::string_view label) {
  // The families feeds declare, known without asking iconv.
  if (label == "utf-8" || label == "us-ascii" || label == "iso-8859-1") return true;
  std::string name = canonical_charset(label);
  for (std::string_view family : {"utf-8", "windows-", "iso-8859-", "koi8-", "gb", "big5", "euc-",
                                  "shift_jis", "us-ascii", "ascii"})
    if (name.rfind(family, 0) == 0) return true;
  static constexpr std::string_view kProbe =
      "\t\n\r !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
      "abcdefghijklmnopqrstuvwxyz{|}~";
  std::string out;
  return decode_strictly(kProbe, label, out) && out == kProbe;
}

// How the bytes became `text` in xml_as_utf8: the evidence the report
// weighs against the labels.
struct Decoding {
  std::string_view bytes;   // the document after any BOM
  std::string_view text;    // what Gazette made of them (before entity repair)
  bool as_is = false;       // text is `bytes` unchanged
  std::string_view layout;  // "utf-16le", ... or "utf-8" when a BOM or layout decided
  std::string used;         // the charset Gazette decoded with, as the label spelled it
  bool strict = false;      // every byte was valid in `used`
};

XmlCharsetReport charset_report(const Decoding& d, std::string_view content_type) {
  std::string xml_label = gb2312_as_gb18030(xml_declared_label(d.text));
  if (!d.layout.empty() && (xml_label.empty() || names_wide_family(xml_label)))
    xml_label = std::string(d.layout);
  std::string http_label = gb2312_as_gb18030(content_type_charset_label(content_type));
  std::string type = media_type(content_type);
  std::string declared;  // feedparser's "rfc3023_encoding"
  XmlCharsetReport report;
  if (content_type.empty()) {
    declared = xml_label;
  } else if (type == "application/xml" || type == "application/xml-dtd" ||
             type == "application/xml-external-parsed-entity" ||
             (type.rfind("application/", 0) == 0 && ends_with(type, "+xml"))) {
    declared = !http_label.empty() ? http_label : xml_label;
  } else if (type == "text/xml" || type == "text/xml-external-parsed-entity" ||
             (type.rfind("text/", 0) == 0 && ends_with(type, "+xml"))) {
    declared = !http_label.empty() ? http_label : "us-ascii";
  } else {
    // The header as the server sent it, made UTF-8: the warning is stored.
    report.warning = fmt::format("NonXMLContentType: {} is not an XML media type",
                                 utf8_or_windows1252(content_type));
    declared =
        type.rfind("text/", 0) == 0 ? (!http_label.empty() ? http_label : "us-ascii") : xml_label;
  }
  if (declared.empty()) declared = "utf-8";

  // Whether the bytes are ASCII, found out once and only when asked.
  int ascii = -1;
  auto all_ascii = [&] {
    if (ascii < 0)
      ascii = std::none_of(d.bytes.begin(), d.bytes.end(),
                           [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    return ascii == 1;
  };

  // feedparser's order of attempts; the first whose strict decoding works.
  const std::string_view candidates[] = {declared, xml_label,      d.layout,
                                         "utf-8",  "windows-1252", "iso-8859-2"};
  for (std::size_t i = 0; i < std::size(candidates); ++i) {
    std::string_view candidate = candidates[i];
    if (candidate.empty() ||
        std::find(candidates, candidates + i, candidate) != candidates + i)  // tried
      continue;
    bool works, same;
    std::string text;
    if (d.strict && candidate == d.used) {
      works = same = true;  // decoded strictly in it already
    } else if (d.as_is && (candidate == "utf-8" || canonical_charset(candidate) == "utf-8")) {
      works = same = true;  // the text is the bytes, which were valid UTF-8
    } else if (d.as_is && ascii_compatible(candidate) && all_ascii()) {
      works = same = true;
    } else {
      works = decode_strictly(d.bytes, candidate, text);
      same = works && text == d.text;
    }
    if (!works) continue;
    if (!same) break;  // feedparser's text is not Gazette's: report what Gazette did
    report.encoding = std::string(candidate);
    if (candidate != declared)
      report.warning =
          fmt::format("CharacterEncodingOverride: document declared as {}, but parsed as {}",
                      declared, candidate);
    return report;
  }
  report.encoding = d.used;
  report.warning =
      d.used == declared
          ? fmt::format(
                "CharacterEncodingOverride: document declared as {}, but not valid there: "
                "decoded leniently",
                declared)
          : fmt::format("CharacterEncodingOverride: document declared as {}, but parsed as {}",
                        declared, d.used);
  return report;
}

// C1 control characters (U+0080..U+009F, UTF-8 C2 80..C2 9F) as the
// windows-1252 characters of the same bytes, where it has one. Returns
// false (no copy) when there are none.
bool c1_controls_as_windows1252(std::string_view text, std::string& out) {
  std::size_t pos = 0;
  auto next_c1 = [&](std::size_t from) {
    for (std::size_t i = text.find('\xC2', from); i != std::string_view::npos;
         i = text.find('\xC2', i + 1)) {
      auto c = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
      if (c >= 0x80 && c <= 0x9F && windows1252_code_point(c) != c) return i;
    }
    return std::string_view::npos;
  };
  std::size_t i = next_c1(0);
  if (i == std::string_view::npos) return false;
  std::string result;
  result.reserve(text.size() + 16);
  for (; i != std::string_view::npos; i = next_c1(pos)) {
    result.append(text, pos, i - pos);
    append_utf8(result, windows1252_code_point(static_cast<unsigned char>(text[i + 1])));
    pos = i + 2;
  }
  result.append(text, pos);
  out = std::move(result);
  return true;
}

}  // namespace

std::string legacy_xml_charset(std::string_view body, std::string_view content_type) {
  for (std::string label : {xml_declared_charset(body), charset_from_content_type(content_type)})
    if (usable_legacy_label(label)) return label;
  return {};
}

bool xml_as_utf8(std::string_view body, std::string& out, std::string_view content_type,
                 XmlCharsetReport* report) {
  std::string decoded;
  Decoding d;
  d.bytes = body;
  d.text = body;
  d.as_is = true;
  if (std::string_view wide = wide_encoding(d.bytes); !wide.empty()) {
    d.layout = d.used = wide;
    d.text = decoded = convert_to_utf8(d.bytes, wide);
    d.as_is = false;
  } else if (body.substr(0, kEbcdicStart.size()) == kEbcdicStart) {
    // The declaration, read in code page 037, names the EBCDIC code page.
    std::string label = xml_declared_label(convert_to_utf8(body.substr(0, 1024), "cp037"));
    std::string probe;
    d.used = !label.empty() && decode_strictly(kEbcdicStart, label, probe) ? label : "cp037";
    d.text = decoded = convert_to_utf8(body, d.used);
    d.as_is = false;
  } else if (body.substr(0, 3) == "\xEF\xBB\xBF") {
    // A UTF-8 BOM outranks every label; convert_to_utf8 drops it and
    // repairs what is not UTF-8 after it.
    d.layout = d.used = "utf-8";
    d.bytes.remove_prefix(3);
    if (is_valid_utf8(d.bytes)) {
      d.text = d.bytes;
    } else {
      d.text = decoded = convert_to_utf8(body, "utf-8");
      d.as_is = false;
    }
  } else if (!is_valid_utf8(body)) {
    // The label as the document or the header wrote it, for the report.
    std::string charset = legacy_xml_charset(body, content_type);
    d.used = charset.empty()                         ? "windows-1252"
             : charset == xml_declared_charset(body) ? xml_declared_label(body)
                                                     : content_type_charset_label(content_type);
    // Strictly first: when every byte is valid in the label, the report
    // needs no second decoding (windows-1252 goes by the WHATWG table).
    if (!charset.empty() && charset != "windows-1252" && decode_strictly(body, d.used, decoded))
      d.strict = true;
    else
      decoded = charset.empty() ? utf8_or_windows1252(body) : convert_to_utf8(body, charset);
    d.text = decoded;
    d.as_is = false;
  } else {
    d.used = "utf-8";
  }
  if (report) *report = charset_report(d, content_type);

  std::string_view utf8 = d.text;
  std::string demoronized;
  if (c1_controls_as_windows1252(utf8, demoronized)) utf8 = demoronized;
  if (repair_xml_entities(utf8, out, XmlEntities::keep,
                          report ? &report->undefined_entity : nullptr))
    return true;
  // The bytes as they came (a UTF-8 BOM included, which pugixml skips): no copy.
  if (d.as_is && demoronized.empty()) return false;
  out = demoronized.empty() ? (decoded.empty() ? std::string(utf8) : std::move(decoded))
                            : std::move(demoronized);
  return true;
}

}  // namespace gazette
