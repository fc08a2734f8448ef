// Small text operations more than one layer needs, written once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gazette {

// `s` without leading and trailing ASCII white space (space, \t, \n, \v, \f,
// \r: std::isspace in the C locale). Other bytes, UTF-8 included, are kept.
std::string_view trim(std::string_view s);

// The non-empty pieces of `text` between `separator`s: "a,,b" -> {"a", "b"}.
std::vector<std::string> split(std::string_view text, char separator);

// The parts joined with `separator` between them: {"a", "b"}, "," -> "a,b".
std::string join(const std::vector<std::string>& parts, std::string_view separator);

// `s` with ASCII letters in lower case; other bytes, UTF-8 included, kept.
std::string ascii_lower(std::string_view s);

}  // namespace gazette
