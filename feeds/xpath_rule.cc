#include "feeds/xpath_rule.h"

#include <algorithm>

namespace gazette {

CompiledXPath compile_xpath(const std::string& expression) {
  CompiledXPath out;
  if (std::size_t nul = expression.find('\0'); nul != std::string::npos) {
    out.error = "contains a NUL character";
    out.offset = nul;
    return out;
  }
  try {
    pugi::xpath_query query(expression.c_str());
    out.query = std::move(query);
  } catch (const pugi::xpath_exception& e) {
    out.error = e.result().description();
    out.offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(e.result().offset, 0));
  }
  return out;
}

const char* xpath_type_name(pugi::xpath_value_type type) {
  switch (type) {
    case pugi::xpath_type_node_set:
      return "node set";
    case pugi::xpath_type_number:
      return "number";
    case pugi::xpath_type_string:
      return "string";
    case pugi::xpath_type_boolean:
      return "boolean";
    case pugi::xpath_type_none:
      break;
  }
  return "nothing";
}

}  // namespace gazette
