// Writing export files so that a reader (a site generator running at the
// same time) sees the old file or the new one, never half of one, and so
// that nobody who can write into the output folder can make an export write
// anywhere else (issue 10, item 6).
//
// A regular file (or a missing one) is replaced: the content goes to a new
// temporary file beside it, created exclusively (O_CREAT | O_EXCL |
// O_NOFOLLOW) under an unpredictable hidden name (".NAME.<random>.tmp";
// Hugo ignores dot files), which is then renamed over it. Nothing at a
// predictable name is ever opened for writing, so a symlink planted there
// is never followed. Anything else at the path is never renamed over:
// devices, FIFOs and sockets either get the bytes written in place or are
// refused (SpecialTarget), symbolic links and folders are refused.
//
// A folder the export owns (Hugo's) is opened once, without following a
// symbolic link at its name (OutputFolder), and everything in it is reached
// relative to that descriptor (openat, renameat): swapping the folder, or a
// name in it, for a link cannot send a write elsewhere.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace gazette {

// A folder an export owns, open for the export's lifetime.
class OutputFolder {
 public:
  // Creates the folder (and its parents) when missing. Throws ExportError
  // when `path` is a symbolic link (even to a folder: planted where the
  // export would write, it would send every file elsewhere) or not a folder.
  explicit OutputFolder(std::filesystem::path path);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  int fd() const { return fd_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

// What to do when the path is neither a regular file nor absent.
enum class SpecialTarget {
  // Files Gazette owns inside a folder (Hugo pages, the manifest): anything
  // but a regular file there is an error naming it.
  refuse,
  // A path the user named (--out): a character or block device, FIFO or
  // socket, or a symbolic link to one (/dev/stdout), is opened and written
  // in place, never replaced. A symbolic link to anything else is an error.
  write_in_place,
};

// Writes `content` to `path` as described above. Throws ExportError naming
// the path.
void replace_file(const std::filesystem::path& path, const std::string& content,
                  SpecialTarget special = SpecialTarget::refuse);
// The same for the file `name` (no '/') in `folder`, SpecialTarget::refuse.
void replace_file(const OutputFolder& folder, std::string_view name, const std::string& content);

// The file's bytes, or nullopt when it does not exist. Throws ExportError
// when it cannot be read or is not a regular file (a symbolic link is not
// followed; a FIFO is not waited on).
std::optional<std::string> read_file_if_exists(const std::filesystem::path& path);
std::optional<std::string> read_file_if_exists(const OutputFolder& folder, std::string_view name);

// A stream to `path` as described above: commit() renames the temporary
// file over `path` (or flushes the device); without commit() the temporary
// file is removed.
class AtomicOutputFile {
 public:
  explicit AtomicOutputFile(std::filesystem::path path,
                            SpecialTarget special = SpecialTarget::refuse);
  AtomicOutputFile(const OutputFolder& folder, std::string_view name);
  ~AtomicOutputFile();
  AtomicOutputFile(const AtomicOutputFile&) = delete;
  AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;

  std::ostream& stream() { return out_; }
  void commit();

  // The temporary file's path; empty when the target is written in place.
  const std::filesystem::path& temporary_path() const { return tmp_shown_; }

 private:
  class FdBuffer;
  void open(SpecialTarget special);

  int dir_;                          // AT_FDCWD, or the OutputFolder's descriptor
  std::string name_;                 // relative to dir_
  std::string tmp_name_;             // relative to dir_; empty when written in place
  std::filesystem::path shown_;      // for messages
  std::filesystem::path tmp_shown_;  // for messages
  std::unique_ptr<FdBuffer> buffer_;
  std::ostream out_;
  bool committed_ = false;
};

}  // namespace gazette
