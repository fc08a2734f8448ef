// Writing export files so that a reader (a site generator running at the
// same time) sees the old file or the new one, never half of one.
#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace gazette {

// Writes `content` to a temporary file beside `path`, then renames it over
// `path`. Throws ExportError naming the path.
void replace_file(const std::filesystem::path& path, const std::string& content);

// The file's bytes, or nullopt when it does not exist. Throws ExportError
// when it exists but cannot be read.
std::optional<std::string> read_file_if_exists(const std::filesystem::path& path);

// A stream to a temporary file beside `path` that commit() renames over
// `path`; without commit() the temporary file is removed.
class AtomicOutputFile {
 public:
  explicit AtomicOutputFile(std::filesystem::path path);
  ~AtomicOutputFile();
  AtomicOutputFile(const AtomicOutputFile&) = delete;
  AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;

  std::ostream& stream() { return out_; }
  void commit();

 private:
  std::filesystem::path path_;
  std::filesystem::path tmp_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace gazette
