#include "feeds/xml_decoding.h"

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

}  // namespace

std::string legacy_xml_charset(std::string_view body, std::string_view content_type) {
  for (std::string label : {xml_declared_charset(body), charset_from_content_type(content_type)})
    if (usable_legacy_label(label)) return label;
  return {};
}

bool xml_as_utf8(std::string_view body, std::string& out, std::string_view content_type) {
  std::string decoded;
  std::string_view utf8 = body;
  if (std::string_view wide = wide_encoding(utf8); !wide.empty()) {
    utf8 = decoded = convert_to_utf8(utf8, wide);
  } else if (body.substr(0, 3) == "\xEF\xBB\xBF") {
    // A UTF-8 BOM outranks every label; convert_to_utf8 drops it and
    // repairs what is not UTF-8 after it.
    if (!is_valid_utf8(body)) utf8 = decoded = convert_to_utf8(body, "utf-8");
  } else if (!is_valid_utf8(body)) {
    std::string charset = legacy_xml_charset(body, content_type);
    utf8 = decoded = charset.empty() ? utf8_or_windows1252(body) : convert_to_utf8(body, charset);
  }
  if (repair_xml_entities(utf8, out)) return true;
  if (decoded.empty() && utf8.size() == body.size()) return false;
  out = std::move(decoded);
  return true;
}

}  // namespace gazette
