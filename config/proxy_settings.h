// HTTP proxies as operators write them: a proxy URL ([fetch] proxy,
// https_proxy, http_proxy) and a no_proxy list ([fetch] no_proxy, no_proxy).
// Pure text handling, no networking: the HTTP client (http/) connects, and
// http/client_options.h decides between the config and the environment.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/ip_network.h"

namespace gazette {

// A proxy to send requests through: plain HTTP to the proxy itself; https
// targets are tunnelled with CONNECT (docs/config.md, "Proxy").
struct ProxyServer {
  std::string host;  // lower case; no brackets for IPv6
  std::string port;  // as given, or "80"
  std::string user;  // percent-decoded; empty with password: no Proxy-Authorization
  std::string password;
  // "http://host:port" without the credentials: the only form that goes into
  // messages and logs.
  std::string display;
  bool has_credentials() const { return !user.empty() || !password.empty(); }
};

// Parses "http://[user:password@]host[:port][/]". The scheme may be left out
// ("proxy.example:3128"), as many http_proxy values do. TLS to the proxy
// (https://) and SOCKS are not supported and say so. On failure nullopt, and
// `why` says what is wrong without repeating the credentials.
std::optional<ProxyServer> parse_proxy_url(std::string_view text, std::string& why);

// `text` (a proxy URL, with or without its scheme) for messages: any
// "user:password@" replaced by "***" (base/web_url.h, url_for_log).
std::string proxy_url_for_log(std::string_view text);

// Which hosts are reached directly, without the proxy. Entries, as curl and
// most tools read no_proxy:
//   "*"                     every host;
//   "example.org", ".example.org", "*.example.org"
//                           that domain and every name under it (not
//                           "badexample.org"); ":PORT" after a name limits
//                           it to that port;
//   "10.0.0.5", "10.0.0.0/8", "::1", "[::1]", "fd00::/8"
//                           URLs whose host is an IP address in it (names are
//                           not resolved to decide).
class NoProxy {
 public:
  // Adds one entry; returns why it is not one (nothing is added then).
  std::optional<std::string> add(std::string_view entry);
  // The environment's form: entries separated by commas and/or spaces.
  // Entries that are not valid are skipped (their text is appended to
  // `skipped`, one per element).
  void add_list(std::string_view list, std::vector<std::string>* skipped = nullptr);

  // Whether a request to `host` (as HttpTarget::host: no brackets, any case)
  // on `port` goes direct.
  bool matches(std::string_view host, std::string_view port) const;
  bool empty() const { return !all_ && networks_.empty() && names_.empty(); }

 private:
  struct Name {
    std::string domain;  // lower case, no leading dot
    std::string port;    // empty: any
  };
  bool all_ = false;
  std::vector<IpNetwork> networks_;
  std::vector<Name> names_;
};

// How one kind of target (http:// or https://) is reached.
struct ProxyRoute {
  std::optional<ProxyServer> server;  // nullopt: directly
  // Set when the proxy setting is unusable (an https_proxy of "socks5://..."):
  // requests that would use it fail with this text rather than silently
  // going direct, around a proxy the network may require.
  std::string problem;
  std::string setting;  // where it came from, for messages: "[fetch] proxy", "https_proxy"
};

// The proxies the HTTP client uses (http/client_options.h fills it from the
// config and the environment). Empty: every request goes direct.
struct ProxySettings {
  ProxyRoute http;   // for http:// targets
  ProxyRoute https;  // for https:// targets
  NoProxy no_proxy;

  // The route of a request to `host`:`port` over http (`tls` false) or
  // https, or null when it goes direct.
  const ProxyRoute* route_for(bool tls, std::string_view host, std::string_view port) const;
};

// For the daemon's start-up log: "https via http://proxy:3128 (https_proxy),
// http direct, no_proxy set"; empty when every request goes direct. Never
// the credentials; an unusable setting is shown with its problem.
std::string describe(const ProxySettings& settings);

}  // namespace gazette
