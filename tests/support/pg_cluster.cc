#include "tests/support/pg_cluster.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace gazette::test_support {
namespace {

namespace fs = std::filesystem;

// The server's port only names its socket file: it listens on no TCP port.
constexpr int kPort = 5432;

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Whether `nobody` can reach `dir`: every folder on the way must let others
// through (x), or the server cannot open its own data folder.
bool others_can_traverse(const fs::path& dir) {
  for (fs::path p = fs::absolute(dir);; p = p.parent_path()) {
    struct stat st {};
    if (stat(p.c_str(), &st) != 0 || !(st.st_mode & S_IXOTH)) return false;
    if (p == p.parent_path()) return true;
  }
}

// Stops the binary's cluster after the last test, before gtest reports.
class PgClusterStopper : public ::testing::Environment {
 public:
  void TearDown() override;
};

std::unique_ptr<PgCluster>& shared_cluster() {
  static std::unique_ptr<PgCluster> cluster;
  return cluster;
}

void PgClusterStopper::TearDown() { shared_cluster().reset(); }

[[maybe_unused]] ::testing::Environment* const kStopper =
    ::testing::AddGlobalTestEnvironment(new PgClusterStopper);

}  // namespace

std::optional<fs::path> PgCluster::find_server_binaries() {
  std::optional<fs::path> best;
  int best_version = -1;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
    fs::path bin = entry.path() / "bin";
    if (access((bin / "initdb").c_str(), X_OK) != 0 || access((bin / "pg_ctl").c_str(), X_OK) != 0)
      continue;
    int version = std::atoi(entry.path().filename().c_str());
    if (version > best_version) best_version = version, best = bin;
  }
  return best;
}

PgCluster::PgCluster(const fs::path& binaries) : binaries_(binaries) {
  const bool as_root = geteuid() == 0;
  fs::path base = fs::temp_directory_path();
  if (as_root && !others_can_traverse(base)) base = "/tmp";
  std::string pattern = (base / "gazette-pg.XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
  dir_ = pattern;
  if (as_root) {
    if (!others_can_traverse(dir_.parent_path()))
      throw std::runtime_error(dir_.parent_path().string() +
                               ": the unprivileged server user cannot reach this folder");
    const passwd* nobody = getpwnam("nobody");
    const group* nogroup = getgrnam("nogroup");
    if (!nobody || !nogroup || chown(dir_.c_str(), nobody->pw_uid, nogroup->gr_gid) != 0)
      throw std::runtime_error("cannot give " + dir_.string() + " to nobody:nogroup");
  }
  try {
    run({(binaries_ / "initdb").string(), "-D", (dir_ / "data").string(), "--auth=trust", "-U",
         "gazette", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"},
        "initdb");
    // pg_ctl hands -o to a shell: the folder is quoted. Unix socket only.
    std::string options = "-k '" + dir_.string() +
                          "' -c listen_addresses='' -c port=" + std::to_string(kPort) +
                          " -c fsync=off -c full_page_writes=off -c synchronous_commit=off";
    started_ = true;  // from here on a failure still tries to stop it
    run({(binaries_ / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-l",
         (dir_ / "server.log").string(), "-w", "-t", "60", "-o", options, "start"},
        "pg_ctl start");
  } catch (...) {
    // No destructor runs for a constructor that throws.
    try {
      stop();
    } catch (...) {
    }
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
    throw;
  }
}

PgCluster::~PgCluster() {
  try {
    stop();
  } catch (...) {
    // The folder goes anyway; a server left running finds its data gone.
  }
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

void PgCluster::stop() {
  if (!started_) return;
  started_ = false;
  run({(binaries_ / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-m", "fast", "-w", "stop"},
      "pg_ctl stop");
}

void PgCluster::run(const std::vector<std::string>& argv, const std::string& what) {
  std::vector<std::string> command;
  if (geteuid() == 0)
    command = {"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"};
  command.insert(command.end(), argv.begin(), argv.end());
  std::vector<char*> args;
  for (std::string& a : command) args.push_back(a.data());
  args.push_back(nullptr);
  fs::path log = dir_ / (what.substr(0, what.find(' ')) + ".out");
  pid_t pid = fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork for " + what);
  if (pid == 0) {
    int out = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    int in = open("/dev/null", O_RDONLY);
    if (out < 0 || in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0) _exit(126);
    // The server user may not read the test's working folder.
    if (chdir(dir_.c_str()) != 0) _exit(126);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "waitpid");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("PostgreSQL test cluster: " + what + " failed:\n" + read_file(log) +
                             read_file(dir_ / "server.log"));
}

std::string PgCluster::url(const std::string& database) const {
  return "postgresql:///" + database + "?host=" + dir_.string() + "&port=" + std::to_string(kPort) +
         "&user=gazette";
}

std::string PgCluster::create_database(const std::string& name) {
  pqxx::connection admin(url("postgres"));
  pqxx::nontransaction tx(admin);
  tx.exec("CREATE DATABASE " + tx.quote_name(name));
  return url(name);
}

PgCluster* PgCluster::shared() {
  std::unique_ptr<PgCluster>& cluster = shared_cluster();
  if (!cluster) {
    std::optional<fs::path> binaries = find_server_binaries();
    if (!binaries) return nullptr;
    cluster = std::make_unique<PgCluster>(*binaries);
  }
  return cluster.get();
}

void PgDatabaseTest::SetUp() {
  PgCluster* cluster = PgCluster::shared();
  if (!cluster) GTEST_SKIP() << kPgSkipMessage;
  static int databases = 0;
  url_ = cluster->create_database("gazette_test_" + std::to_string(++databases));
}

}  // namespace gazette::test_support
