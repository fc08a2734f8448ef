// Dates as feeds and pages write them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feeds/date_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)gazette::parse_date(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
