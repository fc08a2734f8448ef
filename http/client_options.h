// Turns the [fetch] config section into the HTTP client's options.
#pragma once

#include <functional>

#include "config/config.h"
#include "config/proxy_settings.h"
#include "http/http_client.h"

namespace gazette {

HttpClientOptions client_options(const Config& config);

// Reads one environment variable; null when unset.
using EnvironmentLookup = std::function<const char*(const char*)>;

// The proxies a client uses. [fetch] proxy, when the key is present, serves
// both http and https targets ("" means none); else https_proxy (then
// HTTPS_PROXY) serves https targets and http_proxy (then HTTP_PROXY) http
// ones. [fetch] no_proxy, when present, else no_proxy (then NO_PROXY), lists
// the hosts reached directly. An unusable value becomes the route's problem,
// so fetches fail with it instead of quietly going around the proxy.
ProxySettings proxy_settings(const FetchSettings& fetch, const EnvironmentLookup& env);

}  // namespace gazette
