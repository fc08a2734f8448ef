#include "http/http_url.h"

#include <fmt/format.h>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <cctype>

#include "base/web_url.h"

namespace gazette {

namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<HttpTarget> parse_http_target(std::string_view url) {
  if (http_url_problem(url)) return std::nullopt;
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return std::nullopt;
  HttpTarget t;
  std::string scheme = lowercase(parsed->scheme());
  if (scheme == "https")
    t.tls = true;
  else if (scheme != "http")
    return std::nullopt;
  t.host = lowercase(parsed->host_address());
  if (t.host.empty()) return std::nullopt;
  // Checked above to be 1-65535; the number, not the text, so that "0080"
  // and "80" pool and compare as one origin.
  t.port = parsed->has_port() && !parsed->port().empty() ? std::to_string(parsed->port_number())
                                                         : (t.tls ? "443" : "80");
  t.host_header = std::string(parsed->encoded_host_and_port());
  t.path = std::string(parsed->encoded_path());
  // push_back/append rather than = "/" and "?" + ...: GCC 12 warns
  // (-Wrestrict, a false positive) about the inlined copies of those.
  if (t.path.empty()) t.path.push_back('/');
  if (parsed->has_query()) {
    auto query = parsed->encoded_query();
    t.path.push_back('?');
    t.path.append(query.data(), query.size());
  }
  t.pool_key = fmt::format("{}://{}:{}", scheme, t.host, t.port);
  return t;
}

std::string resolve_redirect(std::string_view base, std::string_view location) {
  auto b = boost::urls::parse_uri(base);
  auto r = boost::urls::parse_uri_reference(location);
  if (!b || !r) return {};
  boost::urls::url out;
  if (!boost::urls::resolve(*b, *r, out)) return {};
  out.remove_fragment();
  return std::string(out.buffer());
}

}  // namespace gazette
