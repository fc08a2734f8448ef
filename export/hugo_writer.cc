#include "export/hugo_writer.h"

#include <fmt/format.h>

#include "export/hugo_page.h"
#include "export/output_file.h"

namespace gazette {

HugoWriter::HugoWriter(std::filesystem::path folder) : folder_(std::move(folder)) {
  std::error_code ec;
  std::filesystem::create_directories(folder_, ec);
  if (ec)
    throw ExportError(fmt::format("{}: cannot create folder: {}", folder_.string(), ec.message()));
  previous_ = read_hugo_manifest(folder_);
  current_.reserve(previous_.size());
  // One listing of the folder instead of a stat per article: an unchanged
  // export of 100,000 articles must cost a small part of a full one.
  for (auto it = std::filesystem::directory_iterator(folder_, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    present_.insert(it->path().filename().string());
  if (ec) throw ExportError(fmt::format("{}: cannot list: {}", folder_.string(), ec.message()));
}

bool HugoWriter::listed_unchanged(const std::string& name, const HugoManifestEntry& entry) const {
  auto listed = previous_.find(name);
  return listed != previous_.end() && listed->second.fingerprint == entry.fingerprint &&
         present_.contains(name);
}

void HugoWriter::add(const ArticleRecord& article) {
  const std::string slug = title_slug(article.title);
  const std::string hash = article_name_hash(article);
  std::size_t digits = 6;
  std::string name = hugo_file_name(slug, hash, digits);
  while (current_.contains(name) && digits < hash.size())
    name = hugo_file_name(slug, hash, digits += 2);
  if (current_.contains(name))
    throw ExportError(fmt::format("two articles export to {} (same URL {})", name, article.url));

  HugoManifestEntry entry{hugo_page_fingerprint(article), 0};
  if (listed_unchanged(name, entry)) {
    ++counts_.unchanged;
    const HugoManifestEntry& listed = previous_.find(name)->second;
    current_.emplace(std::move(name), listed);
    return;
  }
  // Compare content before writing: a page that renders to the bytes
  // already there (e.g. after the manifest was lost) is left alone.
  std::string content = render_hugo_page(article);
  entry.size = content.size();
  if (read_file_if_exists(folder_ / name) == content) {
    ++counts_.unchanged;
  } else {
    replace_file(folder_ / name, content);
    ++counts_.written;
  }
  current_[name] = std::move(entry);
}

void HugoWriter::finish() {
  for (const auto& [name, entry] : previous_) {
    if (current_.contains(name)) continue;
    std::error_code ec;
    if (std::filesystem::remove(folder_ / name, ec)) ++counts_.removed;
    if (ec)
      throw ExportError(
          fmt::format("{}: cannot remove: {}", (folder_ / name).string(), ec.message()));
  }
  write_hugo_manifest(folder_, current_);
}

}  // namespace gazette
