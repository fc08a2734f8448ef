// OPML subscription lists: parsing, and writing what was parsed back out,
// which must read back as the same outlines.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/opml.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gazette;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  OpmlDocument doc;
  try {
    doc = parse_opml(text);
  } catch (const OpmlError&) {
    return 0;  // documented: not OPML
  }
  std::string written = write_opml(doc.outlines, "fuzz");
  fuzz::require_utf8(written, "write_opml");
  OpmlDocument again;
  try {
    again = parse_opml(written);
  } catch (const OpmlError& e) {
    fuzz::fail("write_opml output does not parse", e.what());
  }
  // write_opml groups outlines by folder, so only the set of URLs must match.
  auto urls = [](const OpmlDocument& d) {
    std::vector<std::string> out;
    for (const OpmlOutline& o : d.outlines) out.push_back(o.url);
    std::sort(out.begin(), out.end());
    return out;
  };
  if (urls(again) != urls(doc)) fuzz::fail("outlines changed in write_opml/parse_opml", written);
  return 0;
}
