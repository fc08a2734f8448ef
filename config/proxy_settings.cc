#include "config/proxy_settings.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <cctype>

#include "base/text.h"
#include "base/web_url.h"

namespace gazette {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// 1-65535 written as decimal digits (leading zeros allowed).
bool valid_port(std::string_view port) {
  if (!all_digits(port)) return false;
  std::size_t first = port.find_first_not_of('0');
  if (first == std::string_view::npos) return false;
  std::string_view significant = port.substr(first);
  return significant.size() <= 5 && std::stoul(std::string(significant)) <= 65535;
}

std::string with_scheme(std::string_view text) {
  if (text.find("://") != std::string_view::npos) return std::string(text);
  return "http://" + std::string(text);
}

// Letters, digits, '-', '_' and dots, not starting or ending with a dot.
bool host_name_like(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  return true;
}

// The bytes of an IP literal host ("10.0.0.5", "::1"), or nullopt for a name.
std::optional<IpBytes> ip_of(std::string_view host) {
  if (host.find('/') != std::string_view::npos) return std::nullopt;
  std::string ignored;
  auto network = parse_ip_network(host, ignored);
  if (!network) return std::nullopt;
  return network->address;
}

}  // namespace

std::string proxy_url_for_log(std::string_view text) { return url_for_log(with_scheme(text)); }

std::optional<ProxyServer> parse_proxy_url(std::string_view text, std::string& why) {
  const std::string full = with_scheme(trim(text));
  auto parsed = boost::urls::parse_uri(full);
  if (!parsed) {
    why = "is not a proxy URL (expected http://[user:password@]host:port)";
    return std::nullopt;
  }
  const std::string scheme = ascii_lower(parsed->scheme());
  if (scheme == "https") {
    why =
        "uses https://, TLS to the proxy itself, which Gazette does not support: give the "
        "proxy's http:// URL (https sites stay end-to-end TLS through CONNECT)";
    return std::nullopt;
  }
  if (scheme != "http") {
    why = fmt::format("has scheme \"{}\": only http:// proxies are supported", scheme);
    return std::nullopt;
  }
  if (!parsed->has_authority() || parsed->encoded_host().empty()) {
    why = "has no host";
    return std::nullopt;
  }
  if (parsed->encoded_path() != "" && parsed->encoded_path() != "/") {
    why = "has a path (or a port that is not a number): a proxy URL is http://host:port";
    return std::nullopt;
  }
  if (parsed->has_query() || parsed->has_fragment()) {
    why = "has a query or fragment: a proxy URL is http://host:port";
    return std::nullopt;
  }
  ProxyServer proxy;
  if (parsed->host_type() == boost::urls::host_type::ipv6)
    proxy.host = parsed->host_ipv6_address().to_string();
  else if (parsed->host_type() == boost::urls::host_type::ipv4)
    proxy.host = parsed->host_ipv4_address().to_string();
  else if (parsed->host_type() == boost::urls::host_type::name &&
           host_name_like(parsed->host_name()))
    proxy.host = ascii_lower(parsed->host_name());
  else {
    why = "has a host that is neither a host name nor an IP address";
    return std::nullopt;
  }
  if (parsed->has_port() && !parsed->port().empty()) {
    if (!valid_port(parsed->port())) {
      why = fmt::format("has port {}, out of range (1-65535)", parsed->port());
      return std::nullopt;
    }
    proxy.port = std::to_string(std::stoul(std::string(parsed->port())));
  } else {
    proxy.port = "80";  // the http scheme's port, as the URL says
  }
  if (parsed->has_userinfo()) {
    proxy.user = parsed->user();
    proxy.password = parsed->password();
  }
  const bool v6 = proxy.host.find(':') != std::string::npos;
  proxy.display =
      fmt::format("http://{}{}{}:{}", v6 ? "[" : "", proxy.host, v6 ? "]" : "", proxy.port);
  return proxy;
}

std::optional<std::string> NoProxy::add(std::string_view entry_text) {
  std::string entry = ascii_lower(trim(entry_text));
  if (entry.empty()) return "is empty";
  if (entry == "*") {
    all_ = true;
    return std::nullopt;
  }
  // "[::1]" and "[fd00::]/8": brackets as in URLs.
  if (entry.front() == '[') {
    std::size_t close = entry.find(']');
    if (close == std::string::npos) return "has a '[' without ']'";
    entry = entry.substr(1, close - 1) + entry.substr(close + 1);
  }
  std::string why;
  if (auto network = parse_ip_network(entry, why)) {
    networks_.push_back(*network);
    return std::nullopt;
  }
  // A name, maybe with a port. An address-looking entry that did not parse
  // (a bad prefix, host bits set) is reported as such, not taken for a name.
  if (entry.find('/') != std::string::npos || std::count(entry.begin(), entry.end(), ':') > 1)
    return fmt::format("is not a valid IP address or network ({})", why);
  Name name;
  if (std::size_t colon = entry.find(':'); colon != std::string::npos) {
    name.port = entry.substr(colon + 1);
    entry.resize(colon);
    if (!valid_port(name.port))
      return fmt::format("has port {}, out of range (1-65535)", name.port);
    name.port = std::to_string(std::stoul(name.port));
  }
  if (entry.starts_with("*.")) entry.erase(0, 2);
  if (entry.starts_with(".")) entry.erase(0, 1);
  if (!entry.empty() && entry.back() == '.') entry.pop_back();  // "example.org." is the same name
  if (!host_name_like(entry))
    return "is neither a host name, a domain, an IP address, a network nor \"*\"";
  name.domain = std::move(entry);
  names_.push_back(std::move(name));
  return std::nullopt;
}

void NoProxy::add_list(std::string_view list, std::vector<std::string>* skipped) {
  std::string normalised(list);
  for (char& c : normalised)
    if (c == ',' || std::isspace(static_cast<unsigned char>(c))) c = ' ';
  for (const std::string& entry : split(normalised, ' ')) {
    if (trim(entry).empty()) continue;
    if (add(entry) && skipped) skipped->push_back(entry);
  }
}

bool NoProxy::matches(std::string_view host_text, std::string_view port) const {
  if (all_) return true;
  std::string host = ascii_lower(host_text);
  if (!host.empty() && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (auto ip = ip_of(host)) {
    for (const IpNetwork& network : networks_)
      if (network.contains(*ip)) return true;
    return false;  // names never match an address: nothing is resolved to decide
  }
  if (!host.empty() && host.back() == '.') host.pop_back();
  const std::string target_port =
      valid_port(port) ? std::to_string(std::stoul(std::string(port))) : std::string(port);
  for (const Name& name : names_) {
    if (!name.port.empty() && name.port != target_port) continue;
    if (host == name.domain) return true;
    if (host.size() > name.domain.size() && host.ends_with(name.domain) &&
        host[host.size() - name.domain.size() - 1] == '.')
      return true;
  }
  return false;
}

namespace {

std::string describe_route(const char* scheme, const ProxyRoute& route) {
  if (!route.problem.empty()) return fmt::format("{} unusable ({})", scheme, route.problem);
  if (!route.server) return fmt::format("{} direct", scheme);
  return fmt::format("{} via {} ({})", scheme, route.server->display, route.setting);
}

}  // namespace

std::string describe(const ProxySettings& settings) {
  const bool none = !settings.https.server && settings.https.problem.empty() &&
                    !settings.http.server && settings.http.problem.empty();
  if (none) return {};
  return fmt::format("{}, {}{}", describe_route("https", settings.https),
                     describe_route("http", settings.http),
                     settings.no_proxy.empty() ? "" : ", no_proxy set");
}

const ProxyRoute* ProxySettings::route_for(bool tls, std::string_view host,
                                           std::string_view port) const {
  const ProxyRoute& route = tls ? https : http;
  if (!route.server && route.problem.empty()) return nullptr;
  if (no_proxy.matches(host, port)) return nullptr;
  return &route;
}

}  // namespace gazette
