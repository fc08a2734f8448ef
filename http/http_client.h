// An HTTP/1.1 client for polling: TLS, redirects, gzip/deflate/br, timeouts,
// size caps, conditional GET, connection limits, keep-alive and HTTP proxies.
// Coroutine based.
//
// Only this header's implementation includes Beast; callers see Asio's
// awaitable and any_io_executor, nothing more.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "config/config.h"
#include "config/proxy_settings.h"
#include "http/http_address_policy.h"
#include "http/shared_host_gate.h"

namespace gazette {

struct HttpClientOptions {
  // Defaults: [fetch]'s (config/config.h, fetch_defaults).
  std::chrono::milliseconds connect_timeout =
      fetch_defaults::connect_timeout;  // DNS + TCP connect + TLS handshake
  std::chrono::milliseconds header_timeout =
      fetch_defaults::header_timeout;  // request sent -> response header received
  // Whole fetch, redirects included, counted from when the first connection
  // slot is granted: queueing behind the client's own limits is not the site's fault.
  std::chrono::milliseconds total_timeout = fetch_defaults::total_timeout;
  std::uint64_t max_body_bytes = fetch_defaults::max_body_bytes;        // body as received
  std::uint64_t max_decoded_bytes = fetch_defaults::max_decoded_bytes;  // after Content-Encoding
  int max_connections = fetch_defaults::max_connections;                // open at once, all hosts
  int max_connections_per_host = fetch_defaults::max_connections_per_host;  // per host:port
  int max_redirects = 5;
  // Empty: "Gazette (+https://github.com/gazette)"; the daemon sets one with its version.
  std::string user_agent;
  std::string ca_file;  // empty: the system's default verify paths
  // Which addresses a fetch may connect to: by default no special-purpose
  // address at all (see http_address_policy.h); HttpClient::trust_origin()
  // adds the origins of sources.
  AddressPolicy addresses;
  // HTTP proxies (http/client_options.h fills them from [fetch] proxy or the
  // environment). https targets go through a CONNECT tunnel, TLS end to end;
  // http targets as absolute-form requests to the proxy. Empty: direct.
  ProxySettings proxy;
  // Politeness for every request, each redirect hop included (docs/operations.md,
  // "Hosts that refuse"): at least this long between the starts of requests
  // to one host (http/host_pacer.h; 0: no gap), and a host that answered 429
  // or 503 is not asked again until its hold ends (http/host_backoff.h).
  std::chrono::milliseconds min_host_delay{0};
  const Clock* clock = nullptr;  // what the holds are timed by; null: system_clock()
  // Several pollers sharing one store (issue 16): the gap and the per-host
  // connection limit above also hold across every process sharing this gate
  // (http/shared_host_gate.h); each request asks it for a slot and a turn.
  // null (SQLite, one process): in-process pacing only, as always.
  std::shared_ptr<SharedHostGate> host_gate;
};

// The Accept header of a request for an HTML page (a page source, a followed
// article, `gazette extract`), rather than kDefaultAccept's feeds first.
inline constexpr const char* kAcceptHtml = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";

struct FetchRequest {
  std::string url;
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
  std::string accept;         // empty: a default preferring feeds, then HTML
  // The gap this request keeps after the start of the previous request to
  // its host (http/host_pacer.h); unset: HttpClientOptions::min_host_delay.
  std::optional<std::chrono::milliseconds> host_gap;
};

// Why a fetch failed; `none` when an HTTP response arrived (any status).
enum class FetchError {
  none,
  bad_url,
  dns,
  connect,        // refused, unreachable, connect timeout
  tls,            // handshake failed, untrusted CA, wrong host name
  timeout,        // header or total timeout
  reset,          // connection closed or reset mid-exchange
  truncated,      // body shorter than Content-Length / bad chunking
  too_large,      // body over max_body_bytes or decoded over max_decoded_bytes
  bad_encoding,   // invalid gzip/deflate data
  redirect_loop,  // more than max_redirects, or a loop
  protocol,       // malformed HTTP
  cancelled,      // cancel_all() was called while the fetch was in flight
  refused,        // the address is not public and the request is not exempt (AddressPolicy)
  proxy,          // the proxy is unusable, unreachable, or refused the request (407, CONNECT 403)
  held,           // the host asked not to be contacted yet (429/503): nothing was sent
};

struct FetchResponse {
  FetchError error = FetchError::none;
  // Human text with context, e.g. "connect 127.0.0.1:4431: Connection refused".
  std::string error_message;
  int status = 0;         // final HTTP status (0 when error != none)
  std::string final_url;  // after redirects
  // Set when every redirect on the way was permanent (301/308): the caller may
  // update the stored URL.
  std::string permanent_url;
  std::string body;  // decoded (gzip/deflate/br undone)
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string retry_after;  // raw header value, when present
  std::string location;     // Location header of the last response
  // cf-mitigated of the last response ("challenge": a bot wall; see
  // http/challenge_page.h), when present.
  std::string mitigated;
  // FetchError::held: until when (Unix seconds) the host is held.
  std::int64_t held_until = 0;
  std::uint64_t wire_bytes = 0;  // body bytes as received
  int redirects = 0;
  // Freshness, raw header values when present (poll/poll_interval.h reads
  // them): how long the server says the response may be kept.
  std::string cache_control;
  std::string expires;
  std::string date;

  bool ok() const { return error == FetchError::none && status >= 200 && status < 300; }
  bool not_modified() const { return error == FetchError::none && status == 304; }
};

const char* to_string(FetchError e);

// What went wrong, for a message or the database: "connect: connect
// 127.0.0.1:443: Connection refused" when no response arrived, else "HTTP 404".
std::string describe(const FetchResponse& response);

// Single-threaded: create, use and destroy a client on one executor (an
// io_context run by one thread, or a strand); its pool and limits are not
// locked. Fetches may run concurrently as coroutines on that executor.
// Destroy the client only when no fetch is in flight (cancel_all() and let
// the io_context finish them first).
class HttpClient {
 public:
  HttpClient(boost::asio::any_io_executor executor, HttpClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Never throws for network or HTTP problems: they come back in FetchResponse.
  // Waits for a connection slot under the global and per-host limits.
  boost::asio::awaitable<FetchResponse> fetch(FetchRequest request);

  // Cancels in-flight fetches (they complete promptly with
  // FetchError::cancelled) and closes idle kept-alive connections. Fetches
  // started afterwards work normally. Used on shutdown and at the end of a
  // poll pass.
  void cancel_all();
  void close_idle();

  // Requests to the origin (scheme, host, port) of `url` may connect to any
  // address: call it with each configured or added source.
  void trust_origin(std::string_view url);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gazette
