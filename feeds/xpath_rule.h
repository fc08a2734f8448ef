// XPath 1.0 expressions of page rules ([page.rules]), compiled with pugixml.
// One function for the config loader (which refuses a rule that does not
// compile, so it cannot fail every poll) and for feeds/page_rules (which
// evaluates them), so both agree on what is valid.
#pragma once

#include <cstddef>
#include <optional>
#include <pugixml.hpp>
#include <string>

namespace gazette {

struct CompiledXPath {
  std::optional<pugi::xpath_query> query;  // empty when the expression does not compile
  std::string error;                       // pugixml's description of the problem
  std::size_t offset = 0;                  // where in the expression it lies
};

// Compiles `expression`. An embedded NUL is an error: pugixml would stop
// reading there and silently compile only the part before it.
CompiledXPath compile_xpath(const std::string& expression);

// "node set", "number", "string", "boolean": what an expression yields, for messages.
const char* xpath_type_name(pugi::xpath_value_type type);

}  // namespace gazette
