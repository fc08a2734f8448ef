#include "export/output_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "export/article_sink.h"

namespace gazette {

AtomicOutputFile::AtomicOutputFile(std::filesystem::path path)
    : path_(std::move(path)), tmp_(path_.string() + ".tmp") {
  out_.open(tmp_, std::ios::binary | std::ios::trunc);
  if (!out_)
    throw ExportError(fmt::format("{}: cannot write: {}", tmp_.string(), std::strerror(errno)));
}

AtomicOutputFile::~AtomicOutputFile() {
  if (committed_) return;
  out_.close();
  std::error_code ec;
  std::filesystem::remove(tmp_, ec);
}

void AtomicOutputFile::commit() {
  out_.close();
  if (!out_)
    throw ExportError(fmt::format("{}: write failed: {}", tmp_.string(), std::strerror(errno)));
  std::error_code ec;
  std::filesystem::rename(tmp_, path_, ec);
  if (ec) throw ExportError(fmt::format("{}: cannot replace: {}", path_.string(), ec.message()));
  committed_ = true;
}

void replace_file(const std::filesystem::path& path, const std::string& content) {
  AtomicOutputFile file(path);
  file.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  file.commit();
}

std::optional<std::string> read_file_if_exists(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::nullopt;
    throw ExportError(fmt::format("{}: cannot read: {}", path.string(), std::strerror(errno)));
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

}  // namespace gazette
