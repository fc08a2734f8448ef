// The configuration file, from memory: any text either loads or is refused
// with a ConfigError (file, line, key); nothing else may escape.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)gazette::parse_config(std::string_view(reinterpret_cast<const char*>(data), size),
                                "/fuzz/gazette.toml");
  } catch (const gazette::ConfigError&) {
  }
  return 0;
}
