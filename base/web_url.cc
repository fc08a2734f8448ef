#include "base/web_url.h"

#include <fmt/format.h>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <cctype>

namespace gazette {
namespace {

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::optional<std::string> http_url_problem(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);  // absolute, a #fragment allowed
  if (!parsed) return "is not an absolute http(s) URL";
  // scheme_id() compares case-insensitively, as RFC 3986 wants.
  auto scheme = parsed->scheme_id();
  if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https)
    return fmt::format("is not an absolute http(s) URL (the scheme is \"{}\")", parsed->scheme());
  if (!parsed->has_authority() || parsed->encoded_host().empty())
    return "is not an absolute http(s) URL (no host)";
  // Boost.URL reads "http://h:8a/x" as port 8 and path "a/x"; RFC 3986 wants
  // a path after an authority to start with "/", so such text is a bad port.
  auto path = parsed->encoded_path();
  if (!path.empty() && path.front() != '/')
    return "has a port that is not a number (it must be from 1 to 65535)";
  if (parsed->has_userinfo())
    return "contains credentials (user:password@), which Gazette does not send: remove them";
  if (parsed->has_port() && !parsed->port().empty()) {
    std::string_view port = parsed->port();
    std::size_t first = port.find_first_not_of('0');
    std::string_view significant = first == std::string_view::npos ? "0" : port.substr(first);
    // Boost.URL's port_number() wraps modulo 65536 ("99999" is 34463):
    // decide on the digits.
    if (!all_digits(significant) || significant.size() > 5 ||
        std::stoul(std::string(significant)) > 65535 || significant == "0")
      return fmt::format("has port {}, out of range (1-65535)", port);
  }
  return std::nullopt;
}

std::string canonical_http_url(std::string_view url) {
  boost::urls::url u(url);
  u.normalize_scheme();
  // Only the host's case: normalize_authority() would also rewrite
  // percent-encodings, and user info is refused anyway.
  std::string host(u.encoded_host());
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  u.set_encoded_host(host);
  if (u.has_port()) {
    const std::uint16_t default_port = u.scheme_id() == boost::urls::scheme::https ? 443 : 80;
    if (u.port().empty() || u.port_number() == default_port)
      u.remove_port();
    else
      u.set_port_number(u.port_number());  // drops leading zeros
  }
  return std::string(u.buffer());
}

std::string url_for_log(std::string_view url) {
  std::size_t start = url.find("://");
  if (start == std::string_view::npos) return std::string(url);
  start += 3;
  std::size_t end = url.find_first_of("/?#", start);
  std::string_view authority = url.substr(start, end == std::string_view::npos ? end : end - start);
  std::size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, start));
  out += "***";
  out += url.substr(start + at);
  return out;
}

}  // namespace gazette
