#include "export/hugo_manifest.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>
#include <vector>

#include "export/article_sink.h"
#include "export/output_file.h"

namespace gazette {
namespace {

constexpr const char* kHeader =
    "# Files written by `gazette export --format hugo`: fingerprint, size, name. Do not edit.\n";

bool plain_md_name(const std::string& name) {
  return name.size() > 3 && name.ends_with(".md") && name.find('/') == std::string::npos &&
         name.find('\\') == std::string::npos && name.front() != '.';
}

std::string render(const HugoManifest& manifest) {
  std::string text = kHeader;
  std::vector<const HugoManifest::value_type*> rows;
  rows.reserve(manifest.size());
  for (const auto& row : manifest) rows.push_back(&row);
  std::sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->first < b->first; });
  for (const auto* row : rows)
    text += fmt::format("{} {} {}\n", row->second.fingerprint, row->second.size, row->first);
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
    std::istringstream fields(line);
    HugoManifestEntry entry;
    std::string name;
    fields >> entry.fingerprint >> entry.size;
    std::getline(fields >> std::ws, name);
    if (entry.fingerprint.empty() || !fields || !plain_md_name(name))
      throw ExportError(fmt::format("{}:{}: not a `<fingerprint> <size> <name>.md` line: {:?}",
                                    path.string(), number, line));
    manifest[name] = entry;
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
