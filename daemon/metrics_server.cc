#include "daemon/metrics_server.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

#include "poll/log.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace gazette {
namespace {

using Tcp = asio::ip::tcp;
using Local = asio::local::stream_protocol;
using use_tuple = asio::as_tuple_t<asio::use_awaitable_t<>>;
constexpr use_tuple kTuple{};

// A keep-alive connection is closed after this many requests: a scraper
// reconnects; a client that never stops gets no unbounded session.
constexpr int kMaxRequestsPerConnection = 1000;

struct ServerState {
  const MetricsRegistry& registry;
  std::function<HealthVerdict()> health;
  std::size_t connections = 0;  // on the server's thread only
};

http::response<http::string_body> respond(const http::request<http::empty_body>& request,
                                          ServerState& state) {
  http::response<http::string_body> response;
  response.version(request.version());
  response.set(http::field::server, "gazette");
  response.set(http::field::cache_control, "no-store");
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  const bool head = request.method() == http::verb::head;
  if (request.method() != http::verb::get && !head) {
    response.result(http::status::method_not_allowed);
    response.set(http::field::allow, "GET, HEAD");
    response.body() = "only GET and HEAD\n";
  } else {
    std::string_view target = request.target();
    target = target.substr(0, target.find('?'));  // a scraper may add parameters
    if (target == "/metrics") {
      state.health();  // refreshes the health gauges
      response.result(http::status::ok);
      response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
      response.body() = state.registry.render();
    } else if (target == "/healthz") {
      HealthVerdict verdict = state.health();
      response.result(verdict.healthy ? http::status::ok : http::status::service_unavailable);
      response.body() = verdict.healthy ? "ok\n" : verdict.reason + "\n";
    } else {
      response.result(http::status::not_found);
      response.body() = "not found: this endpoint serves /metrics and /healthz\n";
    }
  }
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  if (head) response.body().clear();  // Content-Length stays: what GET would send
  return response;
}

// A request the server will not read (too large, has a body, malformed).
http::response<http::string_body> refuse(http::status status, std::string_view why) {
  http::response<http::string_body> response{status, 11};
  response.set(http::field::server, "gazette");
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.body() = fmt::format("{}\n", why);
  response.keep_alive(false);
  response.prepare_payload();
  return response;
}

// Parameters by value: the coroutine outlives its caller's expression.
template <typename Protocol>
asio::awaitable<void> serve_connection(beast::basic_stream<Protocol> stream, ServerState* state) {
  beast::flat_buffer buffer(kMetricsMaxRequestBytes);  // also caps what is read ahead
  for (int served = 0; served < kMaxRequestsPerConnection; ++served) {
    http::request_parser<http::empty_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(kMetricsMaxRequestBytes));
    stream.expires_after(kMetricsIdleTimeout);
    auto [read_error, read_bytes] = co_await http::async_read(stream, buffer, parser, kTuple);
    if (read_error) {
      // A closed or idle connection ends quietly; a bad request gets an answer.
      if (read_error == http::error::end_of_stream || read_error == beast::error::timeout ||
          read_error == asio::error::connection_reset || read_error == asio::error::eof)
        break;
      http::status status =
          read_error == http::error::header_limit || read_error == http::error::buffer_overflow
              ? http::status::request_header_fields_too_large
              : http::status::bad_request;
      http::response<http::string_body> response = refuse(status, read_error.message());
      stream.expires_after(kMetricsIdleTimeout);
      co_await http::async_write(stream, response, kTuple);
      break;
    }
    http::response<http::string_body> response = respond(parser.get(), *state);
    bool keep_alive = response.keep_alive() && served + 1 < kMaxRequestsPerConnection;
    response.keep_alive(keep_alive);
    stream.expires_after(kMetricsIdleTimeout);
    auto [write_error, written] = co_await http::async_write(stream, response, kTuple);
    if (write_error || !keep_alive) break;
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(Protocol::socket::shutdown_both, ignored);
}

template <typename Protocol>
asio::awaitable<void> accept_connections(typename Protocol::acceptor acceptor, ServerState* state) {
  asio::steady_timer pause(acceptor.get_executor());
  for (;;) {
    auto [error, socket] = co_await acceptor.async_accept(kTuple);
    if (error == asio::error::operation_aborted) co_return;
    if (error) {
      // Out of file descriptors, say: wait a little rather than spin.
      log(LogLevel::warning, "metrics: accept: {}", error.message());
      pause.expires_after(std::chrono::milliseconds(500));
      co_await pause.async_wait(kTuple);
      continue;
    }
    if (state->connections >= kMetricsMaxConnections) {
      boost::system::error_code ignored;
      socket.close(ignored);  // over the cap: refused at once, nothing read
      continue;
    }
    ++state->connections;
    asio::co_spawn(
        acceptor.get_executor(),
        serve_connection<Protocol>(beast::basic_stream<Protocol>(std::move(socket)), state),
        [state](std::exception_ptr) { --state->connections; });
  }
}

// A socket file at `path` that nothing answers on is a dead daemon's: remove
// it. Anything else there (a live socket, a regular file) is an error.
void remove_stale_socket(const std::filesystem::path& path, asio::io_context& ioc) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return;  // nothing there
  if (!S_ISSOCK(info.st_mode))
    throw std::runtime_error(
        fmt::format("metrics: {} exists and is not a socket; not replacing it", path.string()));
  Local::socket probe(ioc);
  boost::system::error_code ec;
  probe.connect(Local::endpoint(path.string()), ec);
  if (!ec)
    throw std::runtime_error(fmt::format(
        "metrics: {} is in use by another process (a daemon already running?)", path.string()));
  std::error_code removed;
  std::filesystem::remove(path, removed);
  if (removed)
    throw std::runtime_error(fmt::format("metrics: cannot remove the stale socket {}: {}",
                                         path.string(), removed.message()));
  log(LogLevel::info, "metrics: removed the stale socket {}", path.string());
}

}  // namespace

struct MetricsServer::Impl {
  Impl(const MetricsRegistry& registry, std::function<HealthVerdict()> health)
      : state{registry, std::move(health)} {}
  ServerState state;  // before ioc: the coroutines the io_context destroys use it
  asio::io_context ioc{1};
  std::filesystem::path socket_path;  // set once the socket file is ours
  std::thread thread;
};

MetricsServer::MetricsServer(const MetricsListen& listen, const MetricsRegistry& registry,
                             std::function<HealthVerdict()> health)
    : impl_(std::make_unique<Impl>(registry, std::move(health))) {
  asio::io_context& ioc = impl_->ioc;
  const std::string where = listen.text();
  boost::system::error_code ec;
  auto fail = [&](std::string_view step) {
    return std::runtime_error(fmt::format("metrics: {} {}: {}", step, where, ec.message()));
  };
  if (listen.kind == MetricsListen::Kind::tcp) {
    Tcp::endpoint endpoint(asio::ip::make_address(listen.address, ec), listen.port);
    if (ec) throw fail("address");
    Tcp::acceptor acceptor(ioc);
    if (acceptor.open(endpoint.protocol(), ec); ec) throw fail("open");
    // A restart finds the port in TIME_WAIT from the last run's connections.
    if (acceptor.set_option(Tcp::acceptor::reuse_address(true), ec); ec) throw fail("open");
    if (acceptor.bind(endpoint, ec); ec) throw fail("bind");
    if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) throw fail("listen");
    asio::co_spawn(ioc, accept_connections<Tcp>(std::move(acceptor), &impl_->state),
                   asio::detached);
  } else {
    remove_stale_socket(listen.socket_path, ioc);
    Local::acceptor acceptor(ioc);
    if (acceptor.open(Local(), ec); ec) throw fail("open");
    if (acceptor.bind(Local::endpoint(listen.socket_path.string()), ec); ec) throw fail("bind");
    impl_->socket_path = listen.socket_path;
    // Before listen(): until then a connect is refused, so no one gets in
    // through the umask's wider mode.
    if (::chmod(listen.socket_path.c_str(), 0660) != 0) {
      ec.assign(errno, boost::system::system_category());
      std::error_code ignored;
      std::filesystem::remove(impl_->socket_path, ignored);
      throw fail("chmod");
    }
    if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
      std::error_code ignored;
      std::filesystem::remove(impl_->socket_path, ignored);
      throw fail("listen");
    }
    asio::co_spawn(ioc, accept_connections<Local>(std::move(acceptor), &impl_->state),
                   asio::detached);
  }
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
  log(LogLevel::notice, "metrics: serving /metrics and /healthz on {}", where);
}

MetricsServer::~MetricsServer() {
  impl_->ioc.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  if (!impl_->socket_path.empty()) {
    std::error_code ignored;
    std::filesystem::remove(impl_->socket_path, ignored);
  }
}

}  // namespace gazette
