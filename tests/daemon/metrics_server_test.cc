// The metrics endpoint's server (daemon/metrics_server.h) on a Unix socket in
// a temporary folder: /healthz follows the health verdict (503 with the
// reason), /metrics renders the registry, the socket file's life cycle.
// The daemon's whole run (127.0.0.1, the real poll loop, the Prometheus
// parser) is integration.metrics_endpoint_test.
#include "daemon/metrics_server.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

namespace asio = boost::asio;
using Local = asio::local::stream_protocol;

// One request on a fresh connection; the whole reply (the server closes
// after a Connection: close request).
std::string send_request(const std::filesystem::path& socket, const std::string& request) {
  asio::io_context ioc;
  Local::socket s(ioc);
  s.connect(Local::endpoint(socket.string()));
  asio::write(s, asio::buffer(request));
  std::string reply;
  boost::system::error_code ec;
  asio::read(s, asio::dynamic_buffer(reply), ec);  // until the server closes
  return reply;
}

std::string get(const std::filesystem::path& socket, const std::string& path) {
  return send_request(socket, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
}

std::string body_of(const std::string& reply) {
  auto end = reply.find("\r\n\r\n");
  return end == std::string::npos ? "" : reply.substr(end + 4);
}

MetricsListen unix_listen(const std::filesystem::path& path) {
  MetricsListen listen;
  listen.kind = MetricsListen::Kind::unix_socket;
  listen.socket_path = path;
  return listen;
}

class MetricsServerTest : public ::testing::Test {
 protected:
  test_support::TempDir tmp_;
  std::filesystem::path socket_ = tmp_.path() / "metrics.sock";
  MetricsRegistry registry_;
  std::atomic<bool> healthy_{true};
  std::function<HealthVerdict()> health_ = [this] {
    return healthy_ ? HealthVerdict{true, ""} : HealthVerdict{false, "store thread is stuck"};
  };
};

TEST_F(MetricsServerTest, HealthzFollowsTheVerdict) {
  MetricsServer server(unix_listen(socket_), registry_, health_);
  std::string reply = get(socket_, "/healthz");
  EXPECT_EQ(reply.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << reply;
  EXPECT_EQ(body_of(reply), "ok\n");
  healthy_ = false;
  reply = get(socket_, "/healthz");
  EXPECT_EQ(reply.rfind("HTTP/1.1 503 Service Unavailable\r\n", 0), 0u) << reply;
  EXPECT_EQ(body_of(reply), "store thread is stuck\n");
  healthy_ = true;
  EXPECT_EQ(get(socket_, "/healthz?probe=1").rfind("HTTP/1.1 200", 0), 0u);
}

TEST_F(MetricsServerTest, MetricsRendersTheRegistry) {
  registry_.counter("things_total", "Things.").add(7);
  MetricsServer server(unix_listen(socket_), registry_, health_);
  std::string reply = get(socket_, "/metrics");
  EXPECT_EQ(reply.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << reply;
  EXPECT_NE(reply.find("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"),
            std::string::npos)
      << reply;
  EXPECT_EQ(body_of(reply), registry_.render());
  registry_.counter("things_total", "Things.").add(1);  // each scrape renders anew
  EXPECT_NE(body_of(get(socket_, "/metrics")).find("things_total 8\n"), std::string::npos);
}

TEST_F(MetricsServerTest, RefusesOtherPathsMethodsAndBodies) {
  MetricsServer server(unix_listen(socket_), registry_, health_);
  EXPECT_EQ(get(socket_, "/").rfind("HTTP/1.1 404", 0), 0u);
  EXPECT_EQ(get(socket_, "/metricsx").rfind("HTTP/1.1 404", 0), 0u);
  std::string put =
      send_request(socket_, "PUT /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(put.rfind("HTTP/1.1 405", 0), 0u) << put;
  EXPECT_NE(put.find("Allow: GET, HEAD\r\n"), std::string::npos) << put;
  std::string with_body =
      send_request(socket_, "GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
  EXPECT_EQ(with_body.rfind("HTTP/1.1 400", 0), 0u) << with_body;
  std::string huge = send_request(
      socket_, "GET /metrics HTTP/1.1\r\nHost: x\r\nX: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(huge.rfind("HTTP/1.1 431", 0), 0u) << huge.substr(0, 100);
}

TEST_F(MetricsServerTest, SocketFileLifeCycle) {
  {
    // A stale socket, as a daemon killed with -9 leaves it: bound, not listening.
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socket_.c_str(), sizeof address.sun_path - 1);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ::close(fd);
  }
  ASSERT_TRUE(std::filesystem::is_socket(socket_));
  {
    MetricsServer server(unix_listen(socket_), registry_, health_);
    struct stat info {};
    ASSERT_EQ(::stat(socket_.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0660u);
    EXPECT_EQ(get(socket_, "/healthz").rfind("HTTP/1.1 200", 0), 0u);
    // A live socket is not taken over.
    EXPECT_THROW(MetricsServer(unix_listen(socket_), registry_, health_), std::runtime_error);
    EXPECT_EQ(get(socket_, "/healthz").rfind("HTTP/1.1 200", 0), 0u);
  }
  EXPECT_FALSE(std::filesystem::exists(socket_));  // removed at exit

  std::ofstream(socket_) << "not a socket";
  EXPECT_THROW(MetricsServer(unix_listen(socket_), registry_, health_), std::runtime_error);
  EXPECT_TRUE(std::filesystem::is_regular_file(socket_));  // left alone
  EXPECT_THROW(
      MetricsServer(unix_listen(tmp_.path() / "no-such-dir" / "m.sock"), registry_, health_),
      std::runtime_error);
}

}  // namespace
}  // namespace gazette
