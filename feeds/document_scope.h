// What the response said about a feed document beyond its bytes, which every
// element inherits unless it says otherwise (xml:base, xml:lang).
#pragma once

#include <string_view>

namespace gazette {

struct DocumentScope {
  // What relative references resolve against: the response's
  // Content-Location, else the URL the document was fetched from; empty for
  // a local file (references then stay relative).
  std::string_view base_url;
  // The response's Content-Language, the language of any element without an
  // xml:lang in force; empty when unknown.
  std::string_view language;
};

}  // namespace gazette
