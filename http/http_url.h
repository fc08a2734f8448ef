// Splitting absolute http(s) URLs into what a request needs, and resolving
// redirect targets. Boost.URL only: no networking here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gazette {

struct HttpTarget {
  bool tls = false;
  std::string host;         // for DNS, SNI and certificate checks; no brackets for IPv6
  std::string port;         // explicit, or 80/443 from the scheme
  std::string host_header;  // as written in the URL, with brackets and port when given
  std::string path;         // path and query, at least "/"; the fragment is dropped
  std::string pool_key;     // "scheme://host:port": what connections are pooled and limited by
};

// Nullopt unless `url` is an absolute http or https URL with a host that
// passes http_url_problem() (base/web_url.h): a port from 1 to 65535, no
// credentials.
std::optional<HttpTarget> parse_http_target(std::string_view url);

// Resolves a Location header against the URL it came from (RFC 3986 5.2),
// dropping any fragment. Empty when either cannot be parsed.
std::string resolve_redirect(std::string_view base, std::string_view location);

}  // namespace gazette
