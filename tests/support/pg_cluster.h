// A throwaway PostgreSQL cluster for the tests (issue 16): Debian's server
// binaries (package postgresql) run initdb and pg_ctl in a temporary folder,
// the server listens on a Unix socket in that folder only (never TCP), and
// it is stopped when the test binary ends. As root (CI), the server runs as
// `nobody`: initdb refuses root.
//
// In gtest: derive the test fixture from PgDatabaseTest; each test gets a
// fresh database (url()), and is skipped with a clear message when the
// server binaries are absent. The cluster is started by the first such test
// of the binary and stopped at its end (a gtest Environment).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gazette::test_support {

// What a test prints when it cannot run for want of the server.
inline constexpr const char* kPgSkipMessage =
    "PostgreSQL server binaries not found (Debian package postgresql): skipped";

class PgCluster {
 public:
  // The folder with initdb and pg_ctl: Debian's /usr/lib/postgresql/N/bin
  // (highest N), never whatever initdb comes first in PATH. nullopt when
  // the package is not installed.
  static std::optional<std::filesystem::path> find_server_binaries();

  // initdb, start, wait until it accepts connections. Throws
  // std::runtime_error with the server's log when any step fails.
  explicit PgCluster(const std::filesystem::path& binaries);
  ~PgCluster();  // pg_ctl stop (fast), then removes the folder
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // Creates an empty database `name` and returns its URL,
  // postgresql:///NAME?host=SOCKET_DIR&user=gazette.
  std::string create_database(const std::string& name);
  std::string url(const std::string& database) const;

  // The binary's cluster, started at the first call; nullptr when the
  // server binaries are absent.
  static PgCluster* shared();

 private:
  void run(const std::vector<std::string>& argv, const std::string& what);
  void stop();

  std::filesystem::path binaries_;
  std::filesystem::path dir_;  // owned by the server's user; socket, data, logs
  bool started_ = false;
};

// A fresh, empty database for each test on the binary's cluster.
class PgDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override;
  const std::string& url() const { return url_; }

 private:
  std::string url_;
};

}  // namespace gazette::test_support
