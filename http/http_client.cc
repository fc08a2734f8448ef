// HttpClient: Beast over Asio C++20 coroutines, OpenSSL for TLS.
//
// Everything runs on the executor the client was made with, which must be
// single-threaded (an io_context run by one thread, or a strand): the pool,
// the limits and the cancellation state are plain members, not locked.
//
// One fetch: for each hop of a redirect chain, take a per-host slot then a
// global slot (FIFO), reuse an idle kept-alive connection to that
// scheme://host:port or open one (DNS, TCP, TLS), send a GET, read the
// header under the header timeout, stream the body through the content
// decoder under the total timeout and the size caps, then give the
// connection back to the pool when the server keeps it alive.

#include "http/http_client.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <list>
#include <map>
#include <set>
#include <vector>

#include "base/web_url.h"
#include "http/content_decoding.h"
#include "http/host_backoff.h"
#include "http/host_pacer.h"
#include "http/http_slots.h"
#include "http/http_url.h"

namespace gazette {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;
// Not gazette::Clock (base/clock.h, the wall clock in seconds): timeouts run on this.
using SteadyClock = std::chrono::steady_clock;

std::string describe(const FetchResponse& response) {
  if (response.error != FetchError::none)
    return fmt::format("{}: {}", to_string(response.error), response.error_message);
  return fmt::format("HTTP {}", response.status);
}

const char* to_string(FetchError e) {
  switch (e) {
    case FetchError::none:
      return "none";
    case FetchError::bad_url:
      return "bad_url";
    case FetchError::dns:
      return "dns";
    case FetchError::connect:
      return "connect";
    case FetchError::tls:
      return "tls";
    case FetchError::timeout:
      return "timeout";
    case FetchError::reset:
      return "reset";
    case FetchError::truncated:
      return "truncated";
    case FetchError::too_large:
      return "too_large";
    case FetchError::bad_encoding:
      return "bad_encoding";
    case FetchError::redirect_loop:
      return "redirect_loop";
    case FetchError::protocol:
      return "protocol";
    case FetchError::cancelled:
      return "cancelled";
    case FetchError::refused:
      return "refused";
    case FetchError::proxy:
      return "proxy";
    case FetchError::held:
      return "held";
  }
  return "unknown";
}

namespace {

constexpr const char* kDefaultUserAgent = "Gazette (+https://github.com/gazette)";
constexpr const char* kDefaultAccept =
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5";
// Servers drop idle keep-alive connections after a while (nginx: 75 s); one
// older than this is more likely dead than useful.
constexpr auto kIdleMaxAge = std::chrono::seconds(30);
constexpr std::size_t kHeaderLimit = 64 * 1024;
constexpr std::size_t kReadChunk = 64 * 1024;
// Past this many hosts, the per-host connection slots of idle hosts are dropped.
constexpr std::size_t kHostSlotsSweep = 256;

auto nothrow(error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

long long ms(std::chrono::milliseconds d) { return static_cast<long long>(d.count()); }

struct Connection {
  std::string pool_key;
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
  bool reused = false;
  bool host_mismatch = false;  // set by the verify callback
  SteadyClock::time_point idle_since{};
  // Set for an http target through a proxy: requests in absolute form
  // ("GET http://host/path"), with Proxy-Authorization when the proxy URL
  // has credentials.
  bool absolute_form = false;
  std::string proxy_authorization;
  std::string proxy_display;  // the proxy's URL without credentials, for messages

  beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }
  void close() {
    error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().socket().close(ignored);
  }
};

// A DNS lookup's state, shared with its timeout handler, which may run after
// the awaiting coroutine has moved on.
struct Lookup {
  explicit Lookup(const asio::any_io_executor& ex) : resolver(ex) {}
  tcp::resolver resolver;
  bool timed_out = false;
};

// How one request/response exchange on one connection ended.
struct Exchange {
  FetchError error = FetchError::none;
  std::string message;
  bool keep_alive = false;
  bool nothing_received = false;  // failed before any response byte: a stale pooled connection
};

bool is_closed_by_peer(const error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == ssl::error::stream_truncated;
}

// "Basic base64(user:password)" (RFC 7617) for Proxy-Authorization.
std::string basic_credentials(const ProxyServer& proxy) {
  const std::string pair = proxy.user + ":" + proxy.password;
  std::string encoded(4 * ((pair.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                reinterpret_cast<const unsigned char*>(pair.data()),
                                static_cast<int>(pair.size()));
  encoded.resize(static_cast<std::size_t>(n));
  return "Basic " + encoded;
}

// "host:port", IPv6 in brackets: the authority a CONNECT asks for.
std::string authority_of(const HttpTarget& t) {
  if (t.host.find(':') != std::string::npos) return fmt::format("[{}]:{}", t.host, t.port);
  return fmt::format("{}:{}", t.host, t.port);
}

// Why a proxy answered 407, for the message.
const char* authentication_hint(const ProxyServer& proxy) {
  return proxy.has_credentials()
             ? "the proxy did not accept the credentials in the proxy URL"
             : "the proxy URL has no credentials (http://user:password@host:port)";
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

struct HttpClient::Impl {
  Impl(asio::any_io_executor executor, HttpClientOptions opts)
      : ex(std::move(executor)),
        options(std::move(opts)),
        tls_context(ssl::context::tls_client),
        global(ex, options.max_connections),
        pacer(options.min_host_delay),
        backoff(options.clock ? *options.clock : system_clock()) {
    SSL_CTX_set_min_proto_version(tls_context.native_handle(), TLS1_2_VERSION);
    tls_context.set_verify_mode(ssl::verify_peer);
    error_code ec;
    if (options.ca_file.empty()) {
      tls_context.set_default_verify_paths(ec);
      if (ec) ca_error = fmt::format("cannot load the system's CA certificates: {}", ec.message());
    } else {
      tls_context.load_verify_file(options.ca_file, ec);
      if (ec) ca_error = fmt::format("cannot load CA file {}: {}", options.ca_file, ec.message());
    }
    if (options.user_agent.empty()) options.user_agent = kDefaultUserAgent;
  }

  // --- cancellation -------------------------------------------------------
  // A fetch remembers the generation it started in; cancel_all() starts a
  // new one, so fetches begun later are unaffected.

  bool cancelled_since(std::uint64_t gen) const { return gen != generation; }

  void cancel_all() {
    ++generation;
    global.cancel_waiters();
    for (auto& [key, slots] : per_host) slots->cancel_waiters();
    pacer.cancel_waiters();
    for (auto* timer : gate_waits) timer->cancel();
    for (auto* lookup : lookups) lookup->resolver.cancel();
    for (Connection* c : active) c->close();
    close_idle();
  }

  // Keeps `active` up to date so that cancel_all() can close connections in use.
  class InUse {
   public:
    InUse(Impl& impl, Connection* c) : impl_(impl), c_(c) { impl_.active.insert(c_); }
    ~InUse() { impl_.active.erase(c_); }
    InUse(const InUse&) = delete;
    InUse& operator=(const InUse&) = delete;

   private:
    Impl& impl_;
    Connection* c_;
  };

  // --- the pool -----------------------------------------------------------

  ConnectionSlots& host_slots(const std::string& key) {
    auto it = per_host.find(key);
    if (it == per_host.end() && per_host.size() >= kHostSlotsSweep) {
      // Forget the hosts nobody uses now: the table holds the hosts in use,
      // not every host ever fetched. Nothing refers to an unused entry.
      const int all = std::max(1, options.max_connections_per_host);
      std::erase_if(per_host, [all](const auto& entry) {
        return entry.second->available() == all && entry.second->waiting() == 0;
      });
    }
    if (it == per_host.end())
      it =
          per_host
              .emplace(key, std::make_unique<ConnectionSlots>(ex, options.max_connections_per_host))
              .first;
    return *it->second;
  }

  std::unique_ptr<Connection> take_idle(const std::string& key) {
    auto now = SteadyClock::now();
    for (auto it = idle.end(); it != idle.begin();) {
      --it;  // newest first: the least likely to have been dropped by the server
      if ((*it)->pool_key != key) continue;
      auto c = std::move(*it);
      idle.erase(it);
      if (now - c->idle_since > kIdleMaxAge) {
        c->close();
        return nullptr;
      }
      c->reused = true;
      return c;
    }
    return nullptr;
  }

  void put_idle(std::unique_ptr<Connection> c) {
    c->lowest().expires_never();
    c->idle_since = SteadyClock::now();
    idle.push_back(std::move(c));
  }

  // Before opening a connection: the global limit counts idle connections
  // too, so close the least recently used idle one when at the limit.
  void make_room() {
    while (!idle.empty() &&
           active.size() + idle.size() >= static_cast<std::size_t>(options.max_connections)) {
      idle.front()->close();
      idle.pop_front();
    }
  }

  void close_idle() {
    for (auto& c : idle) c->close();
    idle.clear();
  }

  // --- one connection -----------------------------------------------------

  // Records a failure in `out`; a fetch cancelled meanwhile says so instead.
  void set_failure(FetchResponse& out, std::uint64_t gen, FetchError e, std::string message) {
    out.error = cancelled_since(gen) ? FetchError::cancelled : e;
    out.error_message = cancelled_since(gen) ? "cancelled" : std::move(message);
  }

  // DNS lookup of host:port by `deadline`. Nullopt with `out.error` set
  // (`kind`) on failure; `what` names the host in the message.
  asio::awaitable<std::optional<std::vector<tcp::endpoint>>> resolve(
      const std::string& host, const std::string& port, SteadyClock::time_point deadline,
      std::uint64_t gen, FetchError kind, const std::string& what, FetchResponse& out) {
    auto lookup = std::make_shared<Lookup>(ex);
    asio::steady_timer dns_timer(ex, deadline);
    dns_timer.async_wait([lookup](error_code ec) {
      if (ec) return;
      lookup->timed_out = true;
      lookup->resolver.cancel();
    });
    lookups.insert(lookup.get());
    error_code ec;
    auto results = co_await lookup->resolver.async_resolve(host, port, nothrow(ec));
    lookups.erase(lookup.get());
    dns_timer.cancel();
    std::optional<std::vector<tcp::endpoint>> endpoints;
    if (lookup->timed_out)
      set_failure(out, gen, kind,
                  fmt::format("DNS lookup of {}: no answer within {} ms", what,
                              ms(options.connect_timeout)));
    else if (ec)
      set_failure(out, gen, kind, fmt::format("DNS lookup of {}: {}", what, ec.message()));
    else if (cancelled_since(gen))
      set_failure(out, gen, FetchError::cancelled, "cancelled");
    else {
      endpoints.emplace();
      for (const auto& entry : results) endpoints->push_back(entry.endpoint());
    }
    co_return endpoints;
  }

  // DNS, TCP connect (through a proxy: CONNECT for https) and TLS handshake,
  // all within the connect timeout. Null with `out.error` set on failure.
  // Unless `exempt`, only addresses the address policy allows are tried,
  // checked here on what the name resolved to (not on the name), right
  // before connecting. Through a proxy the proxy connects, to whichever of
  // the addresses it resolves: the name is resolved here too and refused
  // when any of them is not allowed (docs/security.md, "Proxies"). The
  // proxy's own address is the operator's choice and never checked.
  asio::awaitable<std::unique_ptr<Connection>> open(const HttpTarget& t, bool exempt,
                                                    SteadyClock::time_point deadline,
                                                    std::uint64_t gen, FetchResponse& out) {
    auto fail = [&](FetchError e, std::string message) {
      set_failure(out, gen, e, std::move(message));
      return std::unique_ptr<Connection>();
    };
    const auto connect_deadline = std::min(deadline, SteadyClock::now() + options.connect_timeout);
    const ProxyRoute* proxy = options.proxy.route_for(t.tls, t.host, t.port);
    if (proxy && !proxy->server) co_return fail(FetchError::proxy, proxy->problem);

    std::vector<tcp::endpoint> allowed;
    if (!proxy || !exempt) {
      std::optional<std::vector<tcp::endpoint>> endpoints;
      endpoints =
          co_await resolve(t.host, t.port, connect_deadline, gen, FetchError::dns, t.host, out);
      if (!endpoints) {
        if (proxy && out.error == FetchError::dns)
          out.error_message +=
              fmt::format(" (resolved here to check the address policy before asking the proxy {})",
                          proxy->server->display);
        co_return nullptr;
      }
      std::string refusal;
      for (const tcp::endpoint& endpoint : *endpoints) {
        if (!exempt)
          if (auto why = options.addresses.refusal(endpoint.address())) {
            if (proxy) co_return fail(FetchError::refused, *why);
            if (refusal.empty()) refusal = std::move(*why);
            continue;
          }
        allowed.push_back(endpoint);
      }
      if (allowed.empty()) co_return fail(FetchError::refused, refusal);
    }
    std::string peer = fmt::format("{}:{}", t.host, t.port);
    FetchError connect_error = FetchError::connect;
    if (proxy) {
      const ProxyServer& server = *proxy->server;
      peer = "proxy " + server.display;
      connect_error = FetchError::proxy;
      std::optional<std::vector<tcp::endpoint>> endpoints;
      endpoints = co_await resolve(server.host, server.port, connect_deadline, gen,
                                   FetchError::proxy, peer, out);
      if (!endpoints) co_return nullptr;
      allowed = std::move(*endpoints);
    }

    make_room();
    auto c = std::make_unique<Connection>();
    c->pool_key = t.pool_key;
    if (t.tls)
      c->secure = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ex, tls_context);
    else
      c->plain = std::make_unique<beast::tcp_stream>(ex);
    InUse in_use(*this, c.get());

    error_code ec;
    c->lowest().expires_at(connect_deadline);
    co_await c->lowest().async_connect(allowed, nothrow(ec));
    if (ec == beast::error::timeout)
      co_return fail(connect_error, fmt::format("connect {}: no answer within {} ms", peer,
                                                ms(options.connect_timeout)));
    if (ec) co_return fail(connect_error, fmt::format("connect {}: {}", peer, ec.message()));
    if (cancelled_since(gen)) co_return fail(FetchError::cancelled, "cancelled");
    if (proxy) {
      c->proxy_display = proxy->server->display;
      if (proxy->server->has_credentials())
        c->proxy_authorization = basic_credentials(*proxy->server);
      if (t.tls) {
        bool tunnelled = co_await tunnel(*c, t, *proxy->server, connect_deadline, gen, out);
        if (!tunnelled) co_return nullptr;
      } else {
        c->absolute_form = true;
      }
    }
    if (t.tls) {
      if (!ca_error.empty()) co_return fail(FetchError::tls, ca_error);
      co_await handshake(*c, t, ec);
      if (ec == beast::error::timeout)
        co_return fail(FetchError::timeout,
                       fmt::format("TLS handshake with {}:{}: no answer within {} ms", t.host,
                                   t.port, ms(options.connect_timeout)));
      if (ec) co_return fail(FetchError::tls, tls_failure(*c, t, ec));
    }
    co_return c;
  }

  // Asks the proxy `c` is connected to for a tunnel to the target (CONNECT
  // host:port, RFC 9110 9.3.6), by `deadline`. Beast writes the request and
  // parses the answer; a 2xx header ends it and the tunnel starts right
  // after, so TLS to the origin runs over the same socket. False with
  // `out.error` set otherwise.
  asio::awaitable<bool> tunnel(Connection& c, const HttpTarget& t, const ProxyServer& proxy,
                               SteadyClock::time_point deadline, std::uint64_t gen,
                               FetchResponse& out) {
    const std::string authority = authority_of(t);
    http::request<http::empty_body> req{http::verb::connect, authority, 11};
    req.set(http::field::host, authority);
    req.set(http::field::user_agent, options.user_agent);
    if (!c.proxy_authorization.empty())
      req.set(http::field::proxy_authorization, c.proxy_authorization);
    error_code ec;
    c.lowest().expires_at(deadline);
    co_await http::async_write(c.lowest(), req, nothrow(ec));
    http::response_parser<http::empty_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.skip(true);  // a 2xx answer to CONNECT has no body, whatever its header says
    beast::flat_buffer buffer;
    if (!ec) co_await http::async_read_header(c.lowest(), buffer, parser, nothrow(ec));
    const std::string asked = fmt::format("proxy {} (CONNECT {})", proxy.display, authority);
    if (ec == beast::error::timeout) {
      set_failure(out, gen, FetchError::proxy,
                  fmt::format("{}: no answer within {} ms", asked, ms(options.connect_timeout)));
      co_return false;
    }
    if (ec) {
      set_failure(out, gen, FetchError::proxy, fmt::format("{}: {}", asked, ec.message()));
      co_return false;
    }
    const int status = static_cast<int>(parser.get().result_int());
    if (status / 100 != 2) {
      std::string message = fmt::format("{} refused the tunnel with status {} {}", asked, status,
                                        std::string(parser.get().reason()));
      if (status == 407) message += fmt::format(": {}", authentication_hint(proxy));
      set_failure(out, gen, FetchError::proxy, std::move(message));
      co_return false;
    }
    // The TLS client speaks first: a proxy that sends more is not a tunnel.
    if (buffer.size() != 0) {
      set_failure(
          out, gen, FetchError::proxy,
          fmt::format("{}: {} unexpected bytes after the {} answer", asked, buffer.size(), status));
      co_return false;
    }
    co_return true;
  }

  asio::awaitable<void> handshake(Connection& c, const HttpTarget& t, error_code& ec) {
    SSL* handle = c.secure->native_handle();
    error_code not_an_ip;
    asio::ip::make_address(t.host, not_an_ip);
    // SNI carries names only (RFC 6066 3); an IP literal is checked against
    // the certificate's IP addresses by host_name_verification.
    if (not_an_ip) SSL_set_tlsext_host_name(handle, t.host.c_str());
    bool* mismatch = &c.host_mismatch;
    c.secure->set_verify_callback([check = ssl::host_name_verification(t.host), mismatch](
                                      bool preverified, ssl::verify_context& ctx) {
      bool ok = check(preverified, ctx);
      if (preverified && !ok) *mismatch = true;
      return ok;
    });
    co_await c.secure->async_handshake(ssl::stream_base::client, nothrow(ec));
  }

  std::string tls_failure(Connection& c, const HttpTarget& t, const error_code& ec) {
    std::string detail = ec.message();
    long verify = SSL_get_verify_result(c.secure->native_handle());
    if (c.host_mismatch)
      detail = fmt::format("certificate verify failed (certificate is not valid for {})", t.host);
    else if (verify != X509_V_OK)
      detail = fmt::format("certificate verify failed ({})", X509_verify_cert_error_string(verify));
    return fmt::format("TLS handshake with {}:{}: {}", t.host, t.port, detail);
  }

  // --- one request --------------------------------------------------------

  http::request<http::empty_body> make_request(const HttpTarget& t, const FetchRequest& request,
                                               const Connection& c) {
    // Through a proxy (http targets): the absolute form, RFC 9112 3.2.2.
    std::string target = c.absolute_form ? "http://" + t.host_header + t.path : t.path;
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, t.host_header);
    req.set(http::field::user_agent, options.user_agent);
    req.set(http::field::accept, request.accept.empty() ? kDefaultAccept : request.accept);
    req.set(http::field::accept_encoding, "gzip, deflate, br");
    if (!request.etag.empty()) req.set(http::field::if_none_match, request.etag);
    if (!request.last_modified.empty())
      req.set(http::field::if_modified_since, request.last_modified);
    if (c.absolute_form && !c.proxy_authorization.empty())
      req.set(http::field::proxy_authorization, c.proxy_authorization);
    req.keep_alive(true);
    return req;
  }

  template <class Stream>
  asio::awaitable<Exchange> exchange(Stream& stream, Connection& c, const HttpTarget& t,
                                     const FetchRequest& request, SteadyClock::time_point deadline,
                                     FetchResponse& out) {
    Exchange result;
    auto fail = [&](FetchError e, std::string message) {
      result.error = e;
      result.message = std::move(message);
      return result;
    };
    const std::string peer = fmt::format("{}:{}", t.host, t.port);
    const auto header_deadline = std::min(deadline, SteadyClock::now() + options.header_timeout);
    const bool header_limited = header_deadline < deadline;
    auto timed_out = [&](const char* what) {
      return header_limited
                 ? fmt::format("no response header within {} ms", ms(options.header_timeout))
                 : fmt::format("{} not complete within the total timeout of {} ms", what,
                               ms(options.total_timeout));
    };

    error_code ec;
    auto req = make_request(t, request, c);
    c.lowest().expires_at(header_deadline);
    co_await http::async_write(stream, req, nothrow(ec));
    if (ec) {
      result.nothing_received = true;
      if (ec == beast::error::timeout) co_return fail(FetchError::timeout, timed_out("request"));
      co_return fail(FetchError::reset,
                     fmt::format("sending the request to {}: {}", peer, ec.message()));
    }

    http::response_parser<http::buffer_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(options.max_body_bytes);
    co_await http::async_read_header(stream, c.buffer, parser, nothrow(ec));
    if (ec) {
      if (ec == beast::error::timeout) co_return fail(FetchError::timeout, timed_out("response"));
      if (ec == http::error::body_limit)  // the Content-Length alone is over the cap
        co_return fail(FetchError::too_large,
                       fmt::format("body exceeds {} bytes (Content-Length: {})",
                                   options.max_body_bytes, parser.content_length().value_or(0)));
      if (is_closed_by_peer(ec)) {
        result.nothing_received = c.buffer.size() == 0;
        co_return fail(
            FetchError::reset,
            fmt::format("connection to {} closed before a response ({})", peer, ec.message()));
      }
      co_return fail(FetchError::protocol,
                     fmt::format("bad response header from {}: {}", peer, ec.message()));
    }

    const auto& header = parser.get();
    out.status = static_cast<int>(header.result_int());
    out.content_type = std::string(header[http::field::content_type]);
    out.etag = std::string(header[http::field::etag]);
    out.last_modified = std::string(header[http::field::last_modified]);
    out.retry_after = std::string(header[http::field::retry_after]);
    out.location = std::string(header[http::field::location]);
    out.cache_control = std::string(header[http::field::cache_control]);
    out.expires = std::string(header[http::field::expires]);
    out.date = std::string(header[http::field::date]);
    out.mitigated = std::string(header["cf-mitigated"]);
    const std::string encoding(header[http::field::content_encoding]);
    auto decoder = ContentDecoder::create(encoding, options.max_decoded_bytes);
    if (!decoder)
      co_return fail(FetchError::bad_encoding,
                     fmt::format("unsupported Content-Encoding \"{}\" from {}", encoding, peer));

    // The body is read even for redirects and errors: it keeps the connection reusable.
    out.body.clear();
    out.wire_bytes = 0;
    c.lowest().expires_at(deadline);
    std::vector<char> chunk(kReadChunk);
    while (!parser.is_done()) {
      parser.get().body().data = chunk.data();
      parser.get().body().size = chunk.size();
      co_await http::async_read(stream, c.buffer, parser, nothrow(ec));
      if (ec == http::error::need_buffer) ec = {};
      const std::size_t got = chunk.size() - parser.get().body().size;
      if (ec) {
        if (ec == beast::error::timeout)
          co_return fail(FetchError::timeout,
                         fmt::format("body not complete within the total timeout of {} ms",
                                     ms(options.total_timeout)));
        if (ec == http::error::body_limit)
          co_return fail(FetchError::too_large,
                         fmt::format("body exceeds {} bytes", options.max_body_bytes));
        if (ec == http::error::partial_message || is_closed_by_peer(ec))
          co_return fail(FetchError::truncated,
                         fmt::format("body from {} cut short after {} bytes ({})", peer,
                                     out.wire_bytes + got, ec.message()));
        co_return fail(FetchError::protocol,
                       fmt::format("reading the body from {}: {}", peer, ec.message()));
      }
      out.wire_bytes += got;
      switch (decoder->feed(std::string_view(chunk.data(), got), out.body)) {
        case ContentDecoder::Status::ok:
          break;
        case ContentDecoder::Status::too_large:
          co_return fail(FetchError::too_large, fmt::format("{} data inflates past {} bytes",
                                                            encoding, options.max_decoded_bytes));
        case ContentDecoder::Status::bad_data:
          co_return fail(FetchError::bad_encoding,
                         fmt::format("invalid {} data after {} bytes", encoding, out.wire_bytes));
      }
    }
    // An empty body (a 304, a HEAD-like answer) with a coding is not an error.
    if (out.wire_bytes > 0 && decoder->finish() != ContentDecoder::Status::ok)
      co_return fail(FetchError::bad_encoding,
                     fmt::format("{} stream ends early after {} bytes", encoding, out.wire_bytes));
    result.keep_alive = parser.keep_alive();
    co_return result;
  }

  // One request to one URL, no redirects: on a pooled connection when there
  // is one. A pooled connection the server closed before answering is
  // dropped and the request tried again (next pooled one, else a new one).
  // A pooled connection was opened for the same pool key, that is the same
  // origin, so under the same address policy decision.
  asio::awaitable<void> hop(const HttpTarget& t, bool exempt, const FetchRequest& request,
                            SteadyClock::time_point deadline, std::uint64_t gen,
                            FetchResponse& out) {
    for (;;) {
      std::unique_ptr<Connection> c = take_idle(t.pool_key);
      if (!c) {
        c = co_await open(t, exempt, deadline, gen, out);
        if (!c) co_return;
      }
      InUse in_use(*this, c.get());
      // Two statements, not a conditional expression: GCC 12 mishandles
      // temporaries of co_await inside ?:.
      Exchange ex;
      if (c->secure)
        ex = co_await exchange(*c->secure, *c, t, request, deadline, out);
      else
        ex = co_await exchange(*c->plain, *c, t, request, deadline, out);
      if (cancelled_since(gen)) {
        c->close();
        out.error = FetchError::cancelled;
        out.error_message = "cancelled";
        co_return;
      }
      // Only the proxy answers 407 (RFC 9110 15.5.8); a 403 may be the
      // origin's, so it stays an HTTP status.
      if (ex.error == FetchError::none && c->absolute_form && out.status == 407) {
        ex.error = FetchError::proxy;
        ex.message = fmt::format("proxy {} refused the request with status 407: {}",
                                 c->proxy_display, authentication_hint(*options.proxy.http.server));
      }
      if (ex.error == FetchError::none) {
        if (ex.keep_alive)
          put_idle(std::move(c));
        else
          c->close();
        co_return;
      }
      c->close();
      if (c->reused && ex.nothing_received) continue;  // stale: the next try opens a new one
      out.error = ex.error;
      out.error_message = std::move(ex.message);
      co_return;
    }
  }

  // --- the shared host gate (http/shared_host_gate.h) ---------------------

  // Sleeps on the client's executor; cancel_all() ends the sleep early.
  asio::awaitable<void> gate_sleep(std::chrono::milliseconds wait) {
    asio::steady_timer timer(ex, wait);
    gate_waits.insert(&timer);
    error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    gate_waits.erase(&timer);
  }

  // A slot of the gate, given back when the hop ends, however it ends.
  class SharedSlotHold {
   public:
    SharedSlotHold(SharedHostGate& gate, std::string pool_key, int slot)
        : gate_(gate), pool_key_(std::move(pool_key)), slot_(slot) {}
    ~SharedSlotHold() { gate_.release_slot(pool_key_, slot_); }
    SharedSlotHold(const SharedSlotHold&) = delete;
    SharedSlotHold& operator=(const SharedSlotHold&) = delete;

   private:
    SharedHostGate& gate_;
    std::string pool_key_;
    int slot_;
  };

  struct GateSlot {
    bool cancelled = false;
    int slot = -1;  // -1: none, the gate cannot answer (the in-process limit alone holds)
  };

  // Waits for one of the gate's max_connections_per_host slots of
  // `pool_key`, asking again while every one is held (by any process).
  asio::awaitable<GateSlot> shared_slot(const std::string& pool_key, std::uint64_t gen) {
    // The longest a hop can hold its slot: a poller killed mid-fetch frees
    // it for the others after this.
    const std::chrono::milliseconds hold = options.connect_timeout + options.total_timeout;
    const int limit = std::max(1, options.max_connections_per_host);
    for (;;) {
      SharedSlotAnswer answer = co_await options.host_gate->try_acquire_slot(pool_key, limit, hold);
      if (answer.kind == SharedSlotAnswer::Kind::granted) {
        if (!cancelled_since(gen)) co_return GateSlot{false, answer.slot};
        options.host_gate->release_slot(pool_key, answer.slot);
        co_return GateSlot{true, -1};
      }
      if (cancelled_since(gen)) co_return GateSlot{true, -1};
      if (answer.kind == SharedSlotAnswer::Kind::unavailable) co_return GateSlot{false, -1};
      co_await gate_sleep(std::clamp(answer.retry_after, std::chrono::milliseconds(10),
                                     std::chrono::milliseconds(1000)));
      if (cancelled_since(gen)) co_return GateSlot{true, -1};
    }
  }

  // This request's turn at `host`: the gate's when it answers, else the
  // in-process pacer's. A hold the gate reports (another poller met a
  // 429/503) becomes this process's too: the caller's next look at the
  // backoff finds it, and later requests stop before asking the gate.
  asio::awaitable<void> host_turn(const std::string& host, std::chrono::milliseconds gap) {
    if (options.host_gate) {
      std::optional<SharedTurnAnswer> turn = co_await options.host_gate->reserve_turn(host, gap);
      if (turn) {
        if (turn->held.count() > 0)
          backoff.hold_for(host, turn->held);
        else if (turn->wait.count() > 0)
          co_await gate_sleep(turn->wait);
        co_return;
      }
    }
    co_await pacer.wait_turn(host, gap);
  }

  // --- one fetch ----------------------------------------------------------

  asio::awaitable<FetchResponse> fetch(FetchRequest request) {
    const std::uint64_t gen = generation;
    FetchResponse out;
    std::optional<SteadyClock::time_point> deadline;  // starts with the first slot
    std::string url = request.url;
    std::string previous;  // the URL that redirected to `url`
    std::set<std::string> visited{url};
    bool all_permanent = true;
    auto finish_with = [&](FetchError e, std::string message) {
      out.error = e;
      out.error_message = std::move(message);
      out.status = 0;
      return out;
    };
    for (int redirects = 0;; ++redirects) {
      out.final_url = url;
      out.redirects = redirects;
      auto reached = [&] {
        return previous.empty()
                   ? std::string()
                   : fmt::format(" reached by redirect from {}", url_for_log(previous));
      };
      if (auto problem = http_url_problem(url))
        co_return finish_with(FetchError::bad_url,
                              fmt::format("{} {}{}", url_for_log(url), *problem, reached()));
      std::optional<HttpTarget> target = parse_http_target(url);
      if (!target)
        co_return finish_with(
            FetchError::bad_url,
            fmt::format("\"{}\" is not an absolute http(s) URL{}", url_for_log(url), reached()));
      const bool exempt = options.addresses.exempt(*target);
      const std::string host = host_key(target->host, target->port);
      auto held = [&](std::int64_t until) {
        out.held_until = until;
        return finish_with(
            FetchError::held,
            fmt::format("{} answered 429/503 and is held until {:%Y-%m-%dT%H:%M:%SZ}{}", host,
                        fmt::gmtime(static_cast<std::time_t>(until)), reached()));
      };
      if (std::int64_t until = backoff.held_until(host)) co_return held(until);
      {
        // acquire() is false only when cancel_all() (or the caller's own
        // cancellation) ended the wait.
        ConnectionSlots& host_slots_of_target = host_slots(target->pool_key);
        if (!co_await host_slots_of_target.acquire())
          co_return finish_with(FetchError::cancelled, "cancelled");
        SlotHold host_hold(host_slots_of_target);
        // With a shared gate, a slot of the host among every process's too.
        std::optional<SharedSlotHold> shared_hold;
        if (options.host_gate) {
          GateSlot taken = co_await shared_slot(target->pool_key, gen);
          if (taken.cancelled) co_return finish_with(FetchError::cancelled, "cancelled");
          if (taken.slot >= 0)
            shared_hold.emplace(*options.host_gate, target->pool_key, taken.slot);
        }
        // The host's turn (its gap since the last request), then its hold
        // again: a refusal may have come in while this request waited.
        const std::chrono::milliseconds gap = request.host_gap.value_or(options.min_host_delay);
        co_await host_turn(host, gap);
        if (cancelled_since(gen)) co_return finish_with(FetchError::cancelled, "cancelled");
        if (std::int64_t until = backoff.held_until(host)) co_return held(until);
        if (!co_await global.acquire()) co_return finish_with(FetchError::cancelled, "cancelled");
        SlotHold global_hold(global);
        // A slot handed over just before cancel_all(): it goes back on return.
        if (cancelled_since(gen)) co_return finish_with(FetchError::cancelled, "cancelled");
        if (!deadline) deadline = SteadyClock::now() + options.total_timeout;
        co_await hop(*target, exempt, request, *deadline, gen, out);
      }
      if (out.error == FetchError::refused || out.error == FetchError::proxy)
        out.error_message =
            fmt::format("{} for {}{}", out.error_message, url_for_log(url), reached());
      if (out.error != FetchError::none) {
        out.status = 0;
        co_return out;
      }
      if (std::int64_t until = backoff.observe(host, out.status, out.retry_after);
          until > 0 && options.host_gate)
        // Every poller sharing the gate holds the host as long.
        options.host_gate->hold_host(
            host, std::chrono::seconds(std::max<std::int64_t>(until - backoff.unix_now(), 1)));
      if (!is_redirect(out.status) || out.location.empty()) break;
      if (out.status != 301 && out.status != 308) all_permanent = false;
      std::string next = resolve_redirect(url, out.location);
      if (next.empty())
        co_return finish_with(FetchError::protocol,
                              fmt::format("{} redirects to an unusable Location \"{}\"",
                                          url_for_log(url), url_for_log(out.location)));
      if (visited.count(next))
        co_return finish_with(
            FetchError::redirect_loop,
            fmt::format("redirect loop: {} leads back to {}", url_for_log(url), url_for_log(next)));
      if (redirects + 1 > options.max_redirects)
        co_return finish_with(
            FetchError::redirect_loop,
            fmt::format("more than {} redirects (the last from {} to {})", options.max_redirects,
                        url_for_log(url), url_for_log(next)));
      visited.insert(next);
      previous = std::move(url);
      url = std::move(next);
      // Validators belong to the URL first asked for: a moved resource is fetched whole.
      request.etag.clear();
      request.last_modified.clear();
    }
    if (out.redirects > 0 && all_permanent) out.permanent_url = out.final_url;
    co_return out;
  }

  asio::any_io_executor ex;
  HttpClientOptions options;
  ssl::context tls_context;
  std::string ca_error;  // reported by every HTTPS fetch when the CA store did not load
  ConnectionSlots global;
  std::map<std::string, std::unique_ptr<ConnectionSlots>> per_host;
  HostPacer pacer;
  HostBackoff backoff;
  std::list<std::unique_ptr<Connection>> idle;  // least recently used first
  std::set<Connection*> active;
  std::set<Lookup*> lookups;
  std::set<asio::steady_timer*> gate_waits;  // sleeps on the shared gate's answers
  std::uint64_t generation = 0;
};

HttpClient::HttpClient(asio::any_io_executor executor, HttpClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(executor), std::move(options))) {}

HttpClient::~HttpClient() = default;

asio::awaitable<FetchResponse> HttpClient::fetch(FetchRequest request) {
  return impl_->fetch(std::move(request));
}

void HttpClient::cancel_all() { impl_->cancel_all(); }

void HttpClient::close_idle() { impl_->close_idle(); }

void HttpClient::trust_origin(std::string_view url) {
  impl_->options.addresses.trust_origin_of(url);
}

}  // namespace gazette
