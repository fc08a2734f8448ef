#include "export/output_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <streambuf>

#include "export/article_sink.h"

namespace gazette {
namespace {

std::string errno_text(int error) { return std::strerror(error); }

bool is_special(mode_t mode) {
  return S_ISCHR(mode) || S_ISBLK(mode) || S_ISFIFO(mode) || S_ISSOCK(mode);
}

// ".NAME.<16 random letters and digits>.tmp" beside `path`: hidden from Hugo,
// and not guessable in advance by someone who would plant a link there.
std::filesystem::path random_temporary_path(const std::filesystem::path& path) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::array<unsigned char, 16> bytes{};
  if (getrandom(bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size()))
    throw ExportError(fmt::format("{}: no random bytes for a temporary name: {}", path.string(),
                                  errno_text(errno)));
  // push_back/append, not operator+: GCC 12 -Wrestrict false positive.
  std::string name(1, '.');
  name.append(path.filename().string()).push_back('.');
  for (unsigned char b : bytes) name += kAlphabet[b % (sizeof kAlphabet - 1)];
  name += ".tmp";
  return path.parent_path() / name;
}

void close_checked(int fd, const std::filesystem::path& path) {
  if (::close(fd) != 0 && errno != EINTR)
    throw ExportError(fmt::format("{}: write failed: {}", path.string(), errno_text(errno)));
}

}  // namespace

// An output buffer over a file descriptor that remembers the first write
// error (errno) for commit() to report.
class AtomicOutputFile::FdBuffer : public std::streambuf {
 public:
  explicit FdBuffer(int fd) : fd_(fd) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  ~FdBuffer() override {
    if (fd_ >= 0) ::close(fd_);
  }
  int error() const { return error_; }
  // Hands the descriptor over to the caller, who closes it.
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    const char* p = pbase();
    while (p < pptr() && error_ == 0) {
      ssize_t n = ::write(fd_, p, static_cast<std::size_t>(pptr() - p));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error_ = n < 0 ? errno : EIO;
        break;
      }
      p += n;
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return error_ == 0;
  }

  int fd_;
  int error_ = 0;
  std::array<char, 1 << 16> buffer_{};
};

AtomicOutputFile::AtomicOutputFile(std::filesystem::path path, SpecialTarget special)
    : path_(std::move(path)), out_(nullptr) {
  int fd = -1;
  struct stat st {};
  bool exists = ::lstat(path_.c_str(), &st) == 0;
  if (!exists && errno != ENOENT)
    throw ExportError(fmt::format("{}: cannot write: {}", path_.string(), errno_text(errno)));
  if (exists && S_ISLNK(st.st_mode)) {
    // Only a link the user named to a device or FIFO (/dev/stdout) is
    // followed: replacing the link would lose it, writing through it could
    // land anywhere.
    struct stat target {};
    if (special != SpecialTarget::write_in_place || ::stat(path_.c_str(), &target) != 0 ||
        !is_special(target.st_mode))
      throw ExportError(
          fmt::format("{}: is a symbolic link: not replaced, not followed (name the real file)",
                      path_.string()));
    st = target;
  } else if (exists && S_ISDIR(st.st_mode)) {
    throw ExportError(fmt::format("{}: is a folder", path_.string()));
  } else if (exists && !S_ISREG(st.st_mode) && special == SpecialTarget::refuse) {
    throw ExportError(fmt::format("{}: not a regular file: not replaced", path_.string()));
  }

  if (exists && !S_ISREG(st.st_mode)) {
    // A device or FIFO: written in place, never renamed over (`--out
    // /dev/null` must leave /dev/null a device). No O_CREAT: it exists.
    fd = ::open(path_.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
      throw ExportError(fmt::format("{}: cannot write: {}", path_.string(), errno_text(errno)));
  } else {
    for (int attempt = 0; fd < 0; ++attempt) {
      tmp_ = random_temporary_path(path_);
      fd = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
      if (fd < 0 && (errno != EEXIST || attempt >= 8))
        throw ExportError(fmt::format("{}: cannot create a temporary file: {}", tmp_.string(),
                                      errno_text(errno)));
    }
  }
  buffer_ = std::make_unique<FdBuffer>(fd);
  out_.rdbuf(buffer_.get());
}

AtomicOutputFile::~AtomicOutputFile() {
  if (committed_) return;
  buffer_.reset();  // closes
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
}

void AtomicOutputFile::commit() {
  const std::filesystem::path& written = tmp_.empty() ? path_ : tmp_;
  out_.flush();
  int error = buffer_->error();
  int fd = buffer_->release();
  if (error != 0) {
    ::close(fd);
    throw ExportError(fmt::format("{}: write failed: {}", written.string(), errno_text(error)));
  }
  close_checked(fd, written);
  if (!tmp_.empty() && ::rename(tmp_.c_str(), path_.c_str()) != 0)
    throw ExportError(fmt::format("{}: cannot replace: {}", path_.string(), errno_text(errno)));
  committed_ = true;
}

void replace_file(const std::filesystem::path& path, const std::string& content,
                  SpecialTarget special) {
  AtomicOutputFile file(path, special);
  file.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  file.commit();
}

std::optional<std::string> read_file_if_exists(const std::filesystem::path& path) {
  // O_NOFOLLOW: a link planted at a name the export owns is not read
  // through; O_NONBLOCK: a FIFO planted there does not hang the export.
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return std::nullopt;
  if (fd < 0 && errno == ELOOP)
    throw ExportError(fmt::format("{}: is a symbolic link: not read, not replaced", path.string()));
  if (fd < 0)
    throw ExportError(fmt::format("{}: cannot read: {}", path.string(), errno_text(errno)));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw ExportError(fmt::format("{}: not a regular file: not read, not replaced", path.string()));
  }
  std::string bytes;
  bytes.resize(static_cast<std::size_t>(st.st_size));
  std::size_t have = 0;
  for (;;) {
    if (have == bytes.size()) bytes.resize(bytes.size() + 4096);  // it grew meanwhile
    ssize_t n = ::read(fd, bytes.data() + have, bytes.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      ::close(fd);
      throw ExportError(fmt::format("{}: cannot read: {}", path.string(), errno_text(error)));
    }
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
  }
  ::close(fd);
  bytes.resize(have);
  return bytes;
}

}  // namespace gazette
