// `gazette parse FILE [--url URL] [--header 'Name: value']... [--format F]`:
// one saved feed document read as if fetched from URL with those response
// headers, printed as what Gazette would store. Never touches the network.
#pragma once

#include <string>
#include <vector>

namespace gazette {

inline const std::vector<std::string> kParseFormats = {"json", "feedparser"};

struct ParseOptions {
  std::string file;
  std::string url;                   // the URL the document was fetched from
  std::vector<std::string> headers;  // "Name: value", as an HTTP response sent them
  std::string format = "json";
};

int cmd_parse(const ParseOptions& options);

}  // namespace gazette
