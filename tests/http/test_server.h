// Test support for the HTTP tests: runs tests/support/fixture_server.py on
// 127.0.0.1 as a child process, and runs fetches on an io_context.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "http/http_client.h"
#include "tests/support/temp_dir.h"

namespace gazette::test_support {

namespace fs = std::filesystem;

inline fs::path tests_dir() { return fs::path(GAZETTE_TEST_DIR); }

using test_support::TempDir;

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// fixture_server.py serving tests/fixtures/http with --origin https://origin.example.
class FixtureServer {
 public:
  // `extra_args`: e.g. {"--tls", cert, key}. `script`: another server of
  // tests/support with the same --port/--port-file/--log conventions
  // (proxy_server.py); only fixture_server.py gets --root and --origin.
  explicit FixtureServer(std::vector<std::string> extra_args = {},
                         const std::string& script = "fixture_server.py") {
    port_file_ = dir_.path() / "port";
    log_file_ = dir_.path() / "requests.log";
    const fs::path out = dir_.path() / "server.out";
    std::vector<std::string> args = {"python3",     (tests_dir() / "support" / script).string(),
                                     "--port",      "0",
                                     "--port-file", port_file_.string(),
                                     "--log",       log_file_.string()};
    if (script == "fixture_server.py")
      args.insert(args.end(), {"--root", (tests_dir() / "fixtures" / "http").string(), "--origin",
                               "https://origin.example"});
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    pid_ = fork();
    if (pid_ == 0) {
      int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        dup2(fd, 1);
        dup2(fd, 2);
      }
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execvp("python3", argv.data());
      _exit(127);
    }
    if (pid_ < 0) throw std::runtime_error("fork failed");
    for (int i = 0; i < 200 && port_ == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
      std::string text = read_file(port_file_);
      if (!text.empty()) port_ = std::stoi(text);
    }
    if (port_ == 0) {
      stop();
      throw std::runtime_error(script + " did not start: " + read_file(out));
    }
  }
  ~FixtureServer() { stop(); }
  FixtureServer(const FixtureServer&) = delete;
  FixtureServer& operator=(const FixtureServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path, const std::string& scheme = "http",
                  const std::string& host = "127.0.0.1") const {
    return scheme + "://" + host + ":" + std::to_string(port_) + path;
  }
  // The JSON-lines request log, one line a request.
  std::vector<std::string> log_lines() const {
    std::vector<std::string> lines;
    std::istringstream in(read_file(log_file_));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::fprintf(stderr, "fixture_server.py ignored SIGTERM; its output:\n%s\n",
                 read_file(dir_.path() / "server.out").c_str());
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  TempDir dir_;
  fs::path port_file_;
  fs::path log_file_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// A request with the defaults; tests set the fields they need.
inline FetchRequest request_for(std::string url, std::string etag = "",
                                std::string last_modified = "", std::string accept = "") {
  FetchRequest r;
  r.url = std::move(url);
  r.etag = std::move(etag);
  r.last_modified = std::move(last_modified);
  r.accept = std::move(accept);
  return r;
}

// Client options for fetching from the fixture server on 127.0.0.1:
// loopback allowed, as [fetch] allow_private = ["127.0.0.0/8"] does (by
// default the client refuses every non-public address).
inline HttpClientOptions loopback_options() {
  HttpClientOptions o;
  PrivateAllowance loopback;
  std::string why;
  loopback.networks.push_back(*parse_ip_network("127.0.0.0/8", why));
  o.addresses = AddressPolicy(loopback);
  return o;
}

// Runs fetches to completion on one io_context, the way the daemon does.
class FetchRunner {
 public:
  explicit FetchRunner(HttpClientOptions options) : client_(ioc_.get_executor(), options) {}

  HttpClient& client() { return client_; }
  boost::asio::io_context& ioc() { return ioc_; }

  FetchResponse fetch(FetchRequest request) { return fetch_all({std::move(request)}).front(); }
  FetchResponse fetch(const std::string& url) { return fetch(request_for(url)); }

  // Starts all at once, returns when all are done.
  std::vector<FetchResponse> fetch_all(std::vector<FetchRequest> requests) {
    std::vector<FetchResponse> responses(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i)
      boost::asio::co_spawn(ioc_, client_.fetch(std::move(requests[i])),
                            [&responses, i](std::exception_ptr e, FetchResponse r) {
                              if (e) std::rethrow_exception(e);
                              responses[i] = std::move(r);
                            });
    ioc_.restart();
    ioc_.run();
    return responses;
  }

 private:
  boost::asio::io_context ioc_{1};
  HttpClient client_;
};

// The server's /_fault/stats counters, read with a client of its own so the
// reading adds no connection or request to them.
inline std::map<std::string, long> server_stats(const FixtureServer& server) {
  FetchRunner runner(loopback_options());
  FetchResponse r = runner.fetch(server.url("/_fault/stats"));
  std::map<std::string, long> stats;
  std::istringstream in(r.body);
  std::string name;
  long value;
  while (in >> name >> value) stats[name] = value;
  return stats;
}

// The PKI of tests/support/make_test_ca.sh, made once per test binary.
inline const fs::path& test_pki() {
  static TempDir dir;
  static bool made = [] {
    std::string command = "bash '" + (tests_dir() / "support" / "make_test_ca.sh").string() +
                          "' '" + dir.path().string() + "' >/dev/null";
    return std::system(command.c_str()) == 0;
  }();
  if (!made) throw std::runtime_error("make_test_ca.sh failed");
  return dir.path();
}

}  // namespace gazette::test_support
