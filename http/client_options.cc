#include "http/client_options.h"

#include <fmt/format.h>

#include <cstdlib>

#include "version.h"

namespace gazette {

HttpClientOptions client_options(const Config& config) {
  const FetchSettings& f = config.fetch;
  HttpClientOptions o;
  o.connect_timeout = f.connect_timeout;
  o.header_timeout = f.header_timeout;
  o.total_timeout = f.total_timeout;
  o.max_body_bytes = f.max_body_bytes;
  o.max_decoded_bytes = f.max_decoded_bytes;
  o.max_connections = f.max_connections;
  o.max_connections_per_host = f.max_connections_per_host;
  o.min_host_delay = f.min_host_delay;
  o.user_agent =
      f.user_agent.empty()
          ? fmt::format("Gazette/{} (news aggregator; +https://github.com/gazette/gazette)",
                        GAZETTE_VERSION)
          : f.user_agent;
  o.ca_file = f.ca_file;
  o.addresses = AddressPolicy(f.allow_private);
  o.proxy = proxy_settings(f, [](const char* name) { return std::getenv(name); });
  return o;
}

namespace {

// The first of `names` set to a non-empty value, as {name, value}.
std::pair<std::string, std::string> first_set(const EnvironmentLookup& env,
                                              std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (const char* value = env(name); value && *value) return {name, value};
  return {};
}

ProxyRoute route_from(std::string setting, const std::string& value) {
  ProxyRoute route;
  route.setting = std::move(setting);
  if (value.empty()) return route;
  std::string why;
  route.server = parse_proxy_url(value, why);
  if (!route.server)
    route.problem = fmt::format("{} \"{}\" {}", route.setting, proxy_url_for_log(value), why);
  return route;
}

}  // namespace

ProxySettings proxy_settings(const FetchSettings& fetch, const EnvironmentLookup& env) {
  ProxySettings settings;
  if (fetch.proxy) {
    settings.http = route_from("[fetch] proxy", *fetch.proxy);
    settings.https = settings.http;
  } else {
    auto [https_name, https_value] = first_set(env, {"https_proxy", "HTTPS_PROXY"});
    settings.https = route_from(https_name, https_value);
    auto [http_name, http_value] = first_set(env, {"http_proxy", "HTTP_PROXY"});
    settings.http = route_from(http_name, http_value);
  }
  if (fetch.no_proxy) {
    for (const std::string& entry : *fetch.no_proxy)
      settings.no_proxy.add(entry);  // checked at load
  } else {
    settings.no_proxy.add_list(first_set(env, {"no_proxy", "NO_PROXY"}).second);
  }
  return settings;
}

}  // namespace gazette
