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

// ".NAME.<16 random letters and digits>.tmp": hidden from Hugo, and not
// guessable in advance by someone who would plant a link there.
std::string random_temporary_name(std::string_view name, const std::filesystem::path& shown) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::array<unsigned char, 16> bytes{};
  if (getrandom(bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size()))
    throw ExportError(fmt::format("{}: no random bytes for a temporary name: {}", shown.string(),
                                  errno_text(errno)));
  // push_back/append, not operator+: GCC 12 -Wrestrict false positive.
  std::string tmp(1, '.');
  tmp.append(name).push_back('.');
  for (unsigned char b : bytes) tmp += kAlphabet[b % (sizeof kAlphabet - 1)];
  tmp += ".tmp";
  return tmp;
}

// A plain file name inside an OutputFolder: no way out of it.
std::string_view checked_name(const OutputFolder& folder, std::string_view name) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string_view::npos)
    throw ExportError(
        fmt::format("{}: {:?} is not a file name in it", folder.path().string(), name));
  return name;
}

std::optional<std::string> read_at(int dir, const char* name, const std::filesystem::path& shown) {
  // O_NOFOLLOW: a link planted at a name the export owns is not read
  // through; O_NONBLOCK: a FIFO planted there does not hang the export.
  int fd = ::openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return std::nullopt;
  if (fd < 0 && errno == ELOOP)
    throw ExportError(
        fmt::format("{}: is a symbolic link: not read, not replaced", shown.string()));
  if (fd < 0)
    throw ExportError(fmt::format("{}: cannot read: {}", shown.string(), errno_text(errno)));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw ExportError(
        fmt::format("{}: not a regular file: not read, not replaced", shown.string()));
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
      throw ExportError(fmt::format("{}: cannot read: {}", shown.string(), errno_text(error)));
    }
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
  }
  ::close(fd);
  bytes.resize(have);
  return bytes;
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

OutputFolder::OutputFolder(std::filesystem::path path) : path_(std::move(path)) {
  auto symlink_error = [this] {
    return ExportError(
        fmt::format("{}: is a symbolic link: not followed (give the real folder)", path_.string()));
  };
  struct stat st {};
  if (::lstat(path_.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) throw symlink_error();
  std::error_code ec;
  std::filesystem::create_directories(path_, ec);
  if (ec)
    throw ExportError(fmt::format("{}: cannot create folder: {}", path_.string(), ec.message()));
  fd_ = ::open(path_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd_ < 0 && errno == ELOOP) throw symlink_error();
  if (fd_ < 0)
    throw ExportError(fmt::format("{}: cannot open folder: {}", path_.string(), errno_text(errno)));
}

OutputFolder::~OutputFolder() { ::close(fd_); }

AtomicOutputFile::AtomicOutputFile(std::filesystem::path path, SpecialTarget special)
    : dir_(AT_FDCWD), name_(path.string()), shown_(std::move(path)), out_(nullptr) {
  open(special);
}

AtomicOutputFile::AtomicOutputFile(const OutputFolder& folder, std::string_view name)
    : dir_(folder.fd()),
      name_(checked_name(folder, name)),
      shown_(folder.path() / name_),
      out_(nullptr) {
  open(SpecialTarget::refuse);
}

void AtomicOutputFile::open(SpecialTarget special) {
  int fd = -1;
  struct stat st {};
  bool exists = ::fstatat(dir_, name_.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
  if (!exists && errno != ENOENT)
    throw ExportError(fmt::format("{}: cannot write: {}", shown_.string(), errno_text(errno)));
  if (exists && S_ISLNK(st.st_mode)) {
    // Only a link the user named to a device or FIFO (/dev/stdout) is
    // followed: replacing the link would lose it, writing through it could
    // land anywhere.
    struct stat target {};
    if (special != SpecialTarget::write_in_place ||
        ::fstatat(dir_, name_.c_str(), &target, 0) != 0 || !is_special(target.st_mode))
      throw ExportError(
          fmt::format("{}: is a symbolic link: not replaced, not followed (name the real file)",
                      shown_.string()));
    st = target;
  } else if (exists && S_ISDIR(st.st_mode)) {
    throw ExportError(fmt::format("{}: is a folder", shown_.string()));
  } else if (exists && !S_ISREG(st.st_mode) && special == SpecialTarget::refuse) {
    throw ExportError(fmt::format("{}: not a regular file: not replaced", shown_.string()));
  }

  if (exists && !S_ISREG(st.st_mode)) {
    // A device or FIFO: written in place, never renamed over (`--out
    // /dev/null` must leave /dev/null a device). No O_CREAT: it exists.
    fd = ::openat(dir_, name_.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
      throw ExportError(fmt::format("{}: cannot write: {}", shown_.string(), errno_text(errno)));
  } else {
    // Beside the target: in its folder, so that rename() replaces it atomically.
    std::filesystem::path shown_folder = shown_.parent_path();
    std::string folder_prefix =
        dir_ == AT_FDCWD && !shown_folder.empty() ? shown_folder.string() + "/" : std::string();
    for (int attempt = 0; fd < 0; ++attempt) {
      std::string tmp = random_temporary_name(shown_.filename().string(), shown_);
      tmp_shown_ = shown_folder / tmp;
      tmp_name_ = folder_prefix + tmp;
      fd = ::openat(dir_, tmp_name_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    0666);
      if (fd < 0 && (errno != EEXIST || attempt >= 8))
        throw ExportError(fmt::format("{}: cannot create a temporary file: {}", tmp_shown_.string(),
                                      errno_text(errno)));
    }
  }
  buffer_ = std::make_unique<FdBuffer>(fd);
  out_.rdbuf(buffer_.get());
}

AtomicOutputFile::~AtomicOutputFile() {
  if (committed_) return;
  buffer_.reset();  // closes
  if (!tmp_name_.empty()) ::unlinkat(dir_, tmp_name_.c_str(), 0);
}

void AtomicOutputFile::commit() {
  const std::filesystem::path& written = tmp_name_.empty() ? shown_ : tmp_shown_;
  out_.flush();
  int error = buffer_->error();
  int fd = buffer_->release();
  if (error != 0) {
    ::close(fd);
    throw ExportError(fmt::format("{}: write failed: {}", written.string(), errno_text(error)));
  }
  close_checked(fd, written);
  if (!tmp_name_.empty() && ::renameat(dir_, tmp_name_.c_str(), dir_, name_.c_str()) != 0)
    throw ExportError(fmt::format("{}: cannot replace: {}", shown_.string(), errno_text(errno)));
  committed_ = true;
}

namespace {

void write_all(AtomicOutputFile& file, const std::string& content) {
  file.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  file.commit();
}

}  // namespace

void replace_file(const std::filesystem::path& path, const std::string& content,
                  SpecialTarget special) {
  AtomicOutputFile file(path, special);
  write_all(file, content);
}

void replace_file(const OutputFolder& folder, std::string_view name, const std::string& content) {
  AtomicOutputFile file(folder, name);
  write_all(file, content);
}

std::optional<std::string> read_file_if_exists(const std::filesystem::path& path) {
  return read_at(AT_FDCWD, path.c_str(), path);
}

std::optional<std::string> read_file_if_exists(const OutputFolder& folder, std::string_view name) {
  std::string plain(checked_name(folder, name));
  return read_at(folder.fd(), plain.c_str(), folder.path() / plain);
}

}  // namespace gazette
