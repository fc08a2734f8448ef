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
  return {};
}

}  // namespace

bool xml_as_utf8(std::string_view body, std::string& out) {
  std::string decoded;
  std::string_view utf8 = body;
  if (std::string_view wide = wide_encoding(utf8); !wide.empty()) {
    utf8 = decoded = convert_to_utf8(utf8, wide);
  } else if (!is_valid_utf8(body)) {
    utf8 = decoded = decode_to_utf8(body, "");
  }
  if (repair_xml_entities(utf8, out)) return true;
  if (decoded.empty() && utf8.size() == body.size()) return false;
  out = std::move(decoded);
  return true;
}

}  // namespace gazette
