// HttpClient: Beast over Asio coroutines. Everything runs on the executor the
// client was made with, which must be single-threaded (an io_context run by
// one thread, or a strand): the pool and the limits are not locked.

#include "daemon/http_client.h"

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <set>
#include <vector>

#include "daemon/content_decoding.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

namespace gazette {

const char* to_string(FetchError e) {
  switch (e) {
    case FetchError::none: return "none";
    case FetchError::bad_url: return "bad_url";
    case FetchError::dns: return "dns";
    case FetchError::connect: return "connect";
    case FetchError::tls: return "tls";
    case FetchError::timeout: return "timeout";
    case FetchError::reset: return "reset";
    case FetchError::truncated: return "truncated";
    case FetchError::too_large: return "too_large";
    case FetchError::bad_encoding: return "bad_encoding";
    case FetchError::redirect_loop: return "redirect_loop";
    case FetchError::protocol: return "protocol";
  }
  return "unknown";
}

namespace {

constexpr auto use_nothrow = [](error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); };

// A request target split out of an absolute URL.
struct Target {
  bool tls = false;
  std::string host;       // for DNS and certificate checks (no brackets for IPv6)
  std::string port;
  std::string host_header;
  std::string path;       // path and query, at least "/"
  std::string pool_key;   // scheme://host:port
};

std::optional<Target> parse_target(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return std::nullopt;
  Target t;
  std::string scheme(parsed->scheme());
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme == "https")
    t.tls = true;
  else if (scheme != "http")
    return std::nullopt;
  t.host = parsed->host_address();
  if (t.host.empty()) return std::nullopt;
  t.port = parsed->has_port() && !parsed->port().empty() ? std::string(parsed->port())
                                                         : (t.tls ? "443" : "80");
  t.host_header = std::string(parsed->encoded_host_and_port());
  t.path = std::string(parsed->encoded_path());
  if (t.path.empty()) t.path = "/";
  if (parsed->has_query()) t.path += "?" + std::string(parsed->encoded_query());
  t.pool_key = fmt::format("{}://{}:{}", scheme, t.host, t.port);
  return t;
}

std::string resolve_location(const std::string& base, std::string_view location) {
  auto b = boost::urls::parse_uri(base);
  auto r = boost::urls::parse_uri_reference(location);
  if (!b || !r) return std::string(location);
  boost::urls::url out;
  if (!boost::urls::resolve(*b, *r, out)) return std::string(location);
  out.remove_fragment();
  return std::string(out.buffer());
}

// An awaitable counting semaphore with FIFO hand-off. Waiters are timers
// that never expire on their own: release() or cancel_all() wakes them.
class Slots {
 public:
  Slots(asio::any_io_executor ex, int count) : ex_(ex), available_(count) {}

  // True when a slot was taken; false when cancelled.
  asio::awaitable<bool> acquire() {
    if (cancelled_) co_return false;
    if (available_ > 0 && waiters_.empty()) {
      --available_;
      co_return true;
    }
    auto waiter = std::make_shared<Waiter>(ex_);
    waiters_.push_back(waiter);
    error_code ec;
    co_await waiter->timer.async_wait(use_nothrow(ec));
    co_return waiter->granted;
  }

  void release() {
    while (!waiters_.empty()) {
      auto waiter = waiters_.front();
      waiters_.pop_front();
      waiter->granted = true;
      waiter->timer.cancel();
      return;
    }
    ++available_;
  }

  void cancel_all() {
    cancelled_ = true;
    for (auto& waiter : waiters_) waiter->timer.cancel();
    waiters_.clear();
  }

 private:
  struct Waiter {
    explicit Waiter(asio::any_io_executor ex) : timer(ex, Clock::time_point::max()) {}
    asio::steady_timer timer;
    bool granted = false;
  };
  asio::any_io_executor ex_;
  int available_;
  std::deque<std::shared_ptr<Waiter>> waiters_;
  bool cancelled_ = false;
};

// Releases a slot when it goes out of scope.
class SlotGuard {
 public:
  explicit SlotGuard(Slots* slots) : slots_(slots) {}
  ~SlotGuard() {
    if (slots_) slots_->release();
  }
  SlotGuard(const SlotGuard&) = delete;
  SlotGuard& operator=(const SlotGuard&) = delete;

 private:
  Slots* slots_;
};

struct Connection {
  std::string pool_key;
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
  bool reused = false;

  beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }
  void close() {
    error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    lowest().socket().close(ec);
  }
};

// What one request/response exchange ended in.
struct Exchange {
  FetchError error = FetchError::none;
  std::string message;
  bool keep_alive = false;
  bool nothing_received = false;  // failed before any response byte: safe to retry
};

std::string tls_failure_message(const Connection& c, const error_code& ec, const Target& t) {
  std::string detail = ec.message();
  if (c.secure) {
    long verify = SSL_get_verify_result(const_cast<SSL*>(c.secure->native_handle()));
    if (verify != X509_V_OK)
      detail = fmt::format("certificate verify failed ({})", X509_verify_cert_error_string(verify));
  }
  return fmt::format("TLS handshake with {}:{}: {}", t.host, t.port, detail);
}

}  // namespace

struct HttpClient::Impl {
  Impl(asio::any_io_executor executor, HttpClientOptions opts)
      : ex(executor),
        options(std::move(opts)),
        tls_context(ssl::context::tls_client),
        global(executor, std::max(1, options.max_connections)) {
    SSL_CTX_set_min_proto_version(tls_context.native_handle(), TLS1_2_VERSION);
    tls_context.set_verify_mode(ssl::verify_peer);
    if (options.ca_file.empty()) {
      tls_context.set_default_verify_paths();
    } else {
      error_code ec;
      tls_context.load_verify_file(options.ca_file, ec);
      ca_error = ec ? fmt::format("cannot load CA file {}: {}", options.ca_file, ec.message()) : "";
    }
  }

  Slots& host_slots(const std::string& key) {
    auto it = hosts.find(key);
    if (it == hosts.end())
      it = hosts.emplace(key, std::make_unique<Slots>(ex, std::max(1, options.max_connections_per_host)))
               .first;
    return *it->second;
  }

  std::unique_ptr<Connection> take_idle(const std::string& key) {
    auto it = idle.find(key);
    if (it == idle.end() || it->second.empty()) return nullptr;
    auto c = std::move(it->second.back());
    it->second.pop_back();
    --idle_count;
    c->reused = true;
    return c;
  }

  void put_idle(std::unique_ptr<Connection> c) {
    if (cancelled) {
      c->close();
      return;
    }
    c->lowest().expires_never();
    idle[c->pool_key].push_back(std::move(c));
    ++idle_count;
    // Bound what stays open: drop the oldest idle connection of the largest
    // pool when over the global limit.
    while (idle_count > static_cast<std::size_t>(std::max(1, options.max_connections))) {
      auto largest = std::max_element(idle.begin(), idle.end(), [](auto& a, auto& b) {
        return a.second.size() < b.second.size();
      });
      largest->second.front()->close();
      largest->second.erase(largest->second.begin());
      --idle_count;
    }
  }

  void close_idle() {
    for (auto& [key, list] : idle)
      for (auto& c : list) c->close();
    idle.clear();
    idle_count = 0;
  }

  // Opens a connection within the connect timeout: DNS, TCP, TLS handshake.
  asio::awaitable<std::unique_ptr<Connection>> open(const Target& t, Clock::time_point deadline,
                                                    FetchResponse& out) {
    auto fail = [&](FetchError e, std::string message) {
      out.error = e;
      out.error_message = std::move(message);
      return std::unique_ptr<Connection>();
    };
    auto connect_deadline = std::min(deadline, Clock::now() + options.connect_timeout);

    tcp::resolver resolver(ex);
    asio::steady_timer dns_timer(ex, connect_deadline);
    bool dns_timed_out = false;
    dns_timer.async_wait([&](error_code ec) {
      if (!ec) {
        dns_timed_out = true;
        resolver.cancel();
      }
    });
    resolvers.insert(&resolver);
    error_code ec;
    auto endpoints = co_await resolver.async_resolve(t.host, t.port, use_nothrow(ec));
    resolvers.erase(&resolver);
    dns_timer.cancel();
    if (dns_timed_out) co_return fail(FetchError::timeout, fmt::format("DNS lookup of {} timed out", t.host));
    if (cancelled) co_return fail(FetchError::reset, "cancelled");
    if (ec) co_return fail(FetchError::dns, fmt::format("DNS lookup of {}: {}", t.host, ec.message()));

    auto c = std::make_unique<Connection>();
    c->pool_key = t.pool_key;
    if (t.tls)
      c->secure = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ex, tls_context);
    else
      c->plain = std::make_unique<beast::tcp_stream>(ex);
    Registration registration(*this, c.get());

    c->lowest().expires_at(connect_deadline);
    co_await c->lowest().async_connect(endpoints, use_nothrow(ec));
    if (cancelled) co_return fail(FetchError::reset, "cancelled");
    if (ec == beast::error::timeout)
      co_return fail(Clock::now() >= deadline ? FetchError::timeout : FetchError::connect,
                     fmt::format("connect {}:{}: timed out", t.host, t.port));
    if (ec) co_return fail(FetchError::connect, fmt::format("connect {}:{}: {}", t.host, t.port, ec.message()));

    if (t.tls) {
      if (!ca_error.empty()) co_return fail(FetchError::tls, ca_error);
      SSL* ssl_handle = c->secure->native_handle();
      error_code parse_ec;
      asio::ip::make_address(t.host, parse_ec);
      // OpenSSL checks the name during the chain verification, so a mismatch
      // reports as "hostname mismatch" rather than a generic failure.
      X509_VERIFY_PARAM* param = SSL_get0_param(ssl_handle);
      if (parse_ec) {
        SSL_set_tlsext_host_name(ssl_handle, t.host.c_str());  // SNI: names only
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        X509_VERIFY_PARAM_set1_host(param, t.host.c_str(), t.host.size());
      } else {
        X509_VERIFY_PARAM_set1_ip_asc(param, t.host.c_str());
      }
      co_await c->secure->async_handshake(ssl::stream_base::client, use_nothrow(ec));
      if (cancelled) co_return fail(FetchError::reset, "cancelled");
      if (ec == beast::error::timeout)
        co_return fail(FetchError::timeout, fmt::format("TLS handshake with {}:{}: timed out", t.host, t.port));
      if (ec) co_return fail(FetchError::tls, tls_failure_message(*c, ec, t));
    }
    co_return c;
  }

  // Keeps `active` up to date so cancel_all() can close what is in use.
  struct Registration {
    Registration(Impl& impl, Connection* c) : impl_(impl), c_(c) { impl_.active.insert(c_); }
    ~Registration() { impl_.active.erase(c_); }
    Impl& impl_;
    Connection* c_;
  };

  template <class Stream>
  asio::awaitable<Exchange> exchange(Stream& stream, Connection& c, const Target& t,
                                     const FetchRequest& request, Clock::time_point deadline,
                                     FetchResponse& out) {
    Exchange result;
    auto fail = [&](FetchError e, std::string message) {
      result.error = e;
      result.message = std::move(message);
      return result;
    };
    http::request<http::empty_body> req{http::verb::get, t.path, 11};
    req.set(http::field::host, t.host_header);
    req.set(http::field::user_agent, options.user_agent.empty() ? "Gazette" : options.user_agent);
    req.set(http::field::accept,
            request.accept.empty()
                ? "application/rss+xml, application/atom+xml, application/feed+json, "
                  "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
                : request.accept);
    req.set(http::field::accept_encoding, "gzip, deflate");
    if (!request.etag.empty()) req.set(http::field::if_none_match, request.etag);
    if (!request.last_modified.empty()) req.set(http::field::if_modified_since, request.last_modified);
    req.keep_alive(true);

    error_code ec;
    c.lowest().expires_at(std::min(deadline, Clock::now() + options.header_timeout));
    co_await http::async_write(stream, req, use_nothrow(ec));
    if (ec) {
      result.nothing_received = true;
      if (ec == beast::error::timeout) co_return fail(FetchError::timeout, "sending the request timed out");
      co_return fail(FetchError::reset, fmt::format("sending the request to {}:{}: {}", t.host, t.port, ec.message()));
    }

    http::response_parser<http::buffer_body> parser;
    parser.header_limit(64 * 1024);
    parser.body_limit(options.max_body_bytes);
    auto header_deadline = std::min(deadline, Clock::now() + options.header_timeout);
    c.lowest().expires_at(header_deadline);
    co_await http::async_read_header(stream, c.buffer, parser, use_nothrow(ec));
    if (ec) {
      if (ec == beast::error::timeout) {
        bool total = header_deadline >= deadline;
        co_return fail(FetchError::timeout,
                       total ? fmt::format("no response within the total timeout of {} ms",
                                           options.total_timeout.count())
                             : fmt::format("no response header within {} ms",
                                           options.header_timeout.count()));
      }
      if (ec == http::error::body_limit)
        co_return fail(FetchError::too_large,
                       fmt::format("body of {} bytes exceeds the limit of {} bytes",
                                   parser.content_length().value_or(0), options.max_body_bytes));
      result.nothing_received = c.buffer.size() == 0;
      if (ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
          ec == asio::error::eof || ec == asio::error::broken_pipe || ec == ssl::error::stream_truncated)
        co_return fail(FetchError::reset, fmt::format("connection closed by {}:{} before a response ({})",
                                                      t.host, t.port, ec.message()));
      co_return fail(FetchError::protocol, fmt::format("bad response header from {}:{}: {}", t.host, t.port, ec.message()));
    }

    const auto& header = parser.get();
    out.status = static_cast<int>(header.result_int());
    out.content_type = std::string(header[http::field::content_type]);
    out.etag = std::string(header[http::field::etag]);
    out.last_modified = std::string(header[http::field::last_modified]);
    out.retry_after = std::string(header[http::field::retry_after]);
    out.location = std::string(header[http::field::location]);
    std::string encoding(header[http::field::content_encoding]);
    // A 304 and redirects have no body worth decoding; still read it off the
    // wire to keep the connection usable.
    auto decoder = ContentDecoder::create(encoding, options.max_decoded_bytes);
    if (!decoder)
      co_return fail(FetchError::bad_encoding, fmt::format("unsupported Content-Encoding \"{}\"", encoding));

    out.body.clear();
    out.wire_bytes = 0;
    c.lowest().expires_at(deadline);
    std::vector<char> chunk(64 * 1024);
    while (!parser.is_done()) {
      parser.get().body().data = chunk.data();
      parser.get().body().size = chunk.size();
      co_await http::async_read(stream, c.buffer, parser, use_nothrow(ec));
      if (ec == http::error::need_buffer) ec = {};
      std::size_t got = chunk.size() - parser.get().body().size;
      if (ec) {
        if (ec == beast::error::timeout)
          co_return fail(FetchError::timeout, fmt::format("body not complete within the total timeout of {} ms",
                                                          options.total_timeout.count()));
        if (ec == http::error::body_limit)
          co_return fail(FetchError::too_large, fmt::format("body exceeds {} bytes", options.max_body_bytes));
        if (ec == http::error::partial_message || ec == asio::error::eof ||
            ec == http::error::end_of_stream || ec == ssl::error::stream_truncated ||
            ec == asio::error::connection_reset)
          co_return fail(FetchError::truncated,
                         fmt::format("body cut short after {} bytes ({})", out.wire_bytes + got, ec.message()));
        co_return fail(FetchError::protocol, fmt::format("reading the body: {}", ec.message()));
      }
      out.wire_bytes += got;
      switch (decoder->feed(std::string_view(chunk.data(), got), out.body)) {
        case ContentDecoder::Status::ok: break;
        case ContentDecoder::Status::too_large:
          co_return fail(FetchError::too_large, fmt::format("{} data inflates past {} bytes", encoding,
                                                            options.max_decoded_bytes));
        case ContentDecoder::Status::bad_data:
          co_return fail(FetchError::bad_encoding, fmt::format("invalid {} data", encoding));
      }
    }
    if (out.wire_bytes > 0 && decoder->finish() != ContentDecoder::Status::ok)
      co_return fail(FetchError::bad_encoding, fmt::format("{} stream ends early", encoding));
    result.keep_alive = parser.keep_alive();
    co_return result;
  }

  // One request to one URL (no redirects): a pooled connection when there is
  // one, retried once on a fresh connection if the pooled one was stale.
  asio::awaitable<void> hop(const Target& t, const FetchRequest& request, Clock::time_point deadline,
                            FetchResponse& out) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      std::unique_ptr<Connection> c = take_idle(t.pool_key);
      if (!c) {
        c = co_await open(t, deadline, out);
        if (!c) co_return;
      }
      Registration registration(*this, c.get());
      // (Two statements, not a conditional expression: GCC 12 miscompiles
      // co_await inside ?:.)
      Exchange ex;
      if (c->secure)
        ex = co_await exchange(*c->secure, *c, t, request, deadline, out);
      else
        ex = co_await exchange(*c->plain, *c, t, request, deadline, out);
      if (cancelled) {
        out.error = FetchError::reset;
        out.error_message = "cancelled";
        co_return;
      }
      if (ex.error == FetchError::none) {
        if (ex.keep_alive)
          put_idle(std::move(c));
        else
          c->close();
        co_return;
      }
      c->close();
      if (c->reused && ex.nothing_received && ex.error == FetchError::reset) continue;  // stale
      out.error = ex.error;
      out.error_message = std::move(ex.message);
      co_return;
    }
  }

  asio::awaitable<FetchResponse> fetch(FetchRequest request) {
    FetchResponse out;
    auto deadline = Clock::now() + options.total_timeout;
    std::string url = request.url;
    std::set<std::string> visited;
    bool all_permanent = true;
    for (int redirects = 0;; ++redirects) {
      std::optional<Target> target = parse_target(url);
      if (!target) {
        out.error = FetchError::bad_url;
        out.error_message = fmt::format("{} is not an absolute http(s) URL", url);
        co_return out;
      }
      visited.insert(url);
      {
        Slots& host = host_slots(target->pool_key);
        if (!co_await host.acquire()) {
          out.error = FetchError::reset;
          out.error_message = "cancelled";
          co_return out;
        }
        SlotGuard host_guard(&host);
        if (!co_await global.acquire()) {
          out.error = FetchError::reset;
          out.error_message = "cancelled";
          co_return out;
        }
        SlotGuard global_guard(&global);
        co_await hop(*target, request, deadline, out);
      }
      out.final_url = url;
      out.redirects = redirects;
      if (out.error != FetchError::none) {
        out.status = 0;
        co_return out;
      }
      bool is_redirect = (out.status == 301 || out.status == 302 || out.status == 303 ||
                          out.status == 307 || out.status == 308) &&
                         !out.location.empty();
      if (!is_redirect) break;
      if (out.status != 301 && out.status != 308) all_permanent = false;
      std::string next = resolve_location(url, out.location);
      if (visited.count(next) || redirects + 1 > options.max_redirects) {
        out.error = FetchError::redirect_loop;
        out.error_message = visited.count(next)
                                ? fmt::format("redirect loop: {} leads back to {}", url, next)
                                : fmt::format("more than {} redirects (last to {})", options.max_redirects, next);
        out.status = 0;
        co_return out;
      }
      url = next;
      // Validators belong to the first URL; a moved resource is fetched whole.
      request.etag.clear();
      request.last_modified.clear();
    }
    if (out.redirects > 0 && all_permanent) out.permanent_url = out.final_url;
    co_return out;
  }

  void cancel_all() {
    cancelled = true;
    global.cancel_all();
    for (auto& [key, slots] : hosts) slots->cancel_all();
    for (tcp::resolver* r : resolvers) r->cancel();
    for (Connection* c : active) c->close();
    close_idle();
  }

  asio::any_io_executor ex;
  HttpClientOptions options;
  ssl::context tls_context;
  std::string ca_error;
  Slots global;
  std::map<std::string, std::unique_ptr<Slots>> hosts;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle;
  std::size_t idle_count = 0;
  std::set<Connection*> active;
  std::set<tcp::resolver*> resolvers;
  bool cancelled = false;
};

HttpClient::HttpClient(asio::any_io_executor executor, HttpClientOptions options)
    : impl_(std::make_unique<Impl>(executor, std::move(options))) {}

HttpClient::~HttpClient() = default;

asio::awaitable<FetchResponse> HttpClient::fetch(FetchRequest request) {
  return impl_->fetch(std::move(request));
}

void HttpClient::cancel_all() { impl_->cancel_all(); }
void HttpClient::close_idle() { impl_->close_idle(); }

}  // namespace gazette
