#include "storage/database_backup.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "storage/database.h"

namespace gazette {
namespace {

// Pages copied per step: a few MiB at the default 4 KiB page, so the copy
// yields between steps and a long backup can be interrupted.
constexpr int kPagesPerStep = 512;
// How long to wait, and how often, when a step finds the database busy
// (a writer finishing a checkpoint, say).
constexpr int kBusyPauseMs = 50;
constexpr int kMaxBusyPauses = 600;  // 30 s in all

std::string errno_text() { return std::strerror(errno); }

void fsync_path(const std::filesystem::path& path, int flags, const std::string& what) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    std::string reason = errno_text();
    if (fd >= 0) ::close(fd);
    throw StorageError(fmt::format("{}: cannot sync {}: {}", path.string(), what, reason));
  }
  ::close(fd);
}

// The temporary file, removed unless it was renamed into place.
class TemporaryCopy {
 public:
  explicit TemporaryCopy(const std::filesystem::path& target) {
    std::filesystem::path folder = target.has_parent_path() ? target.parent_path() : ".";
    std::string pattern = (folder / ("." + target.filename().string() + ".XXXXXX.tmp")).string();
    int fd = ::mkostemps(pattern.data(), 4, O_CLOEXEC);  // exclusive, random name
    if (fd < 0)
      throw StorageError(fmt::format("{}: cannot create a temporary file beside it: {}",
                                     target.string(), errno_text()));
    ::close(fd);
    path_ = pattern;
  }
  ~TemporaryCopy() {
    if (!path_.empty()) {
      ::unlink(path_.c_str());
      ::unlink((path_.string() + "-journal").c_str());
    }
  }
  TemporaryCopy(const TemporaryCopy&) = delete;
  TemporaryCopy& operator=(const TemporaryCopy&) = delete;

  const std::filesystem::path& path() const { return path_; }
  void keep() { path_.clear(); }

 private:
  std::filesystem::path path_;
};

// Renames the copy into place; without `replace`, fails if the target
// appeared meanwhile (RENAME_NOREPLACE, or link() where the file system
// lacks it).
void move_into_place(const std::filesystem::path& from, const std::filesystem::path& to,
                     bool replace) {
  if (replace) {
    if (::rename(from.c_str(), to.c_str()) != 0)
      throw StorageError(
          fmt::format("{}: cannot rename the copy into place: {}", to.string(), errno_text()));
    return;
  }
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return;
  if (errno == EINVAL || errno == ENOSYS) {
    if (::link(from.c_str(), to.c_str()) == 0) {
      ::unlink(from.c_str());
      return;
    }
  }
  if (errno == EEXIST)
    throw StorageError(fmt::format("{}: already exists (use --force to replace it)", to.string()));
  throw StorageError(
      fmt::format("{}: cannot rename the copy into place: {}", to.string(), errno_text()));
}

// Steps the backup until done. The source's read transaction, held by the
// caller, keeps the snapshot fixed, so the daemon's commits never restart it.
long long copy_pages(sqlite3* source, sqlite3* destination, const std::string& shown) {
  sqlite3_backup* backup = sqlite3_backup_init(destination, "main", source, "main");
  if (!backup)
    throw StorageError(
        fmt::format("{}: cannot start the backup: {}", shown, sqlite3_errmsg(destination)));
  int rc = SQLITE_OK;
  int pauses = 0;
  while (true) {
    rc = sqlite3_backup_step(backup, kPagesPerStep);
    if (rc == SQLITE_OK) continue;
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++pauses <= kMaxBusyPauses) {
      sqlite3_sleep(kBusyPauseMs);
      continue;
    }
    break;
  }
  long long pages = sqlite3_backup_pagecount(backup);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE)
    throw StorageError(fmt::format("{}: backup failed: {}", shown, sqlite3_errstr(rc)));
  if (int code = sqlite3_errcode(destination); code != SQLITE_OK)
    throw StorageError(fmt::format("{}: backup failed: {}", shown, sqlite3_errmsg(destination)));
  return pages;
}

}  // namespace

BackupResult backup_database(SQLite::Database& source, const std::filesystem::path& target,
                             const BackupOptions& options) {
  const std::string shown = target.string();
  std::error_code ec;
  auto status = std::filesystem::symlink_status(target, ec);
  if (std::filesystem::exists(status)) {
    if (std::filesystem::is_directory(status))
      throw StorageError(fmt::format("{}: is a folder (name the backup file)", shown));
    if (!options.force)
      throw StorageError(fmt::format("{}: already exists (use --force to replace it)", shown));
  }

  TemporaryCopy copy(target);
  sqlite3* destination = nullptr;
  int rc = sqlite3_open_v2(copy.path().c_str(), &destination, SQLITE_OPEN_READWRITE, nullptr);
  if (rc != SQLITE_OK) {
    std::string reason = destination ? sqlite3_errmsg(destination) : sqlite3_errstr(rc);
    sqlite3_close(destination);
    throw StorageError(fmt::format("{}: cannot open {}: {}", shown, copy.path().string(), reason));
  }
  BackupResult result;
  try {
    // The snapshot: a read transaction that has read the schema.
    source.exec("BEGIN");
    source.execAndGet("SELECT count(*) FROM sqlite_schema");
    result.pages = copy_pages(source.getHandle(), destination, shown);
    source.exec("COMMIT");
  } catch (...) {
    if (!sqlite3_get_autocommit(source.getHandle())) {
      try {
        source.exec("ROLLBACK");
      } catch (const SQLite::Exception&) {
      }
    }
    sqlite3_close(destination);
    throw;
  }
  if (sqlite3_close(destination) != SQLITE_OK)
    throw StorageError(fmt::format("{}: cannot close the copy", shown));

  fsync_path(copy.path(), O_RDONLY, "the copy");
  result.bytes = static_cast<long long>(std::filesystem::file_size(copy.path(), ec));
  move_into_place(copy.path(), target, options.force);
  copy.keep();
  fsync_path(target.has_parent_path() ? target.parent_path() : ".", O_RDONLY | O_DIRECTORY,
             "its folder");
  return result;
}

}  // namespace gazette
