#include "export/hugo_manifest.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <string_view>
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
  std::vector<const HugoManifestRow*> rows;
  rows.reserve(manifest.size());
  for (const HugoManifestRow& row : manifest) rows.push_back(&row);
  std::sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->name < b->name; });
  for (const HugoManifestRow* row : rows)
    text += fmt::format("{:016x} {} {}\n", row->entry.fingerprint, row->entry.size, row->name);
  return text;
}

// One `<fingerprint> <size> <name>` line; false when it is not one.
bool parse_line(std::string_view line, std::string& name, HugoManifestEntry& entry) {
  const char* end = line.data() + line.size();
  auto [p, ec] = std::from_chars(line.data(), end, entry.fingerprint, 16);
  if (ec != std::errc() || p == end || *p != ' ') return false;
  auto [q, ec2] = std::from_chars(p + 1, end, entry.size);
  if (ec2 != std::errc() || q == end || *q != ' ') return false;
  name.assign(q + 1, end);
  return plain_md_name(name);
}

}  // namespace

HugoManifest read_hugo_manifest(const OutputFolder& folder) {
  std::filesystem::path path = folder.path() / kHugoManifestName;
  std::optional<std::string> text = read_file_if_exists(folder, kHugoManifestName);
  HugoManifest manifest;
  if (!text) return manifest;
  manifest.reserve(static_cast<std::size_t>(std::count(text->begin(), text->end(), '\n')));
  std::string_view rest(*text);
  int number = 0;
  while (!rest.empty()) {
    std::size_t eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 1);
    ++number;
    if (line.empty() || line.front() == '#') continue;
    HugoManifestRow& row = manifest.emplace_back();
    if (!parse_line(line, row.name, row.entry))
      throw ExportError(fmt::format("{}:{}: not a `<fingerprint> <size> <name>.md` line: {:?}",
                                    path.string(), number, line));
  }
  return manifest;
}

void write_hugo_manifest(const OutputFolder& folder, const HugoManifest& manifest) {
  std::string text = render(manifest);
  if (read_file_if_exists(folder, kHugoManifestName) == text) return;
  replace_file(folder, kHugoManifestName, text);
}

}  // namespace gazette
