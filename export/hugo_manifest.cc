#include "export/hugo_manifest.h"

#include <fmt/format.h>

#include <sstream>

#include "export/article_sink.h"
#include "export/output_file.h"

namespace gazette {
namespace {

constexpr const char* kHeader = "# Files written by `gazette export --format hugo`; do not edit.\n";

bool plain_md_name(const std::string& name) {
  return name.size() > 3 && name.ends_with(".md") && name.find('/') == std::string::npos &&
         name.find('\\') == std::string::npos && name.front() != '.';
}

std::string render(const HugoManifest& manifest) {
  std::string text = kHeader;
  for (const auto& [name, hash] : manifest) text += fmt::format("{} {}\n", hash, name);
  return text;
}

}  // namespace

HugoManifest read_hugo_manifest(const std::filesystem::path& folder) {
  std::filesystem::path path = folder / kHugoManifestName;
  std::optional<std::string> text = read_file_if_exists(path);
  HugoManifest manifest;
  if (!text) return manifest;
  std::istringstream lines(*text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.empty() || line.front() == '#') continue;
    std::size_t space = line.find(' ');
    std::string hash = line.substr(0, space);
    std::string name = space == std::string::npos ? "" : line.substr(space + 1);
    if (hash.size() != 64 || !plain_md_name(name))
      throw ExportError(
          fmt::format("{}:{}: not a `<sha256> <name>.md` line: {:?}", path.string(), number, line));
    manifest[name] = hash;
  }
  return manifest;
}

void write_hugo_manifest(const std::filesystem::path& folder, const HugoManifest& manifest) {
  std::filesystem::path path = folder / kHugoManifestName;
  std::string text = render(manifest);
  if (read_file_if_exists(path) == text) return;
  replace_file(path, text);
}

}  // namespace gazette
