#include "export/hugo_writer.h"

#include <fmt/format.h>

#include "export/hugo_page.h"
#include "export/output_file.h"
#include "feeds/item_key.h"

namespace gazette {

HugoWriter::HugoWriter(std::filesystem::path folder) : folder_(std::move(folder)) {
  std::error_code ec;
  std::filesystem::create_directories(folder_, ec);
  if (ec)
    throw ExportError(fmt::format("{}: cannot create folder: {}", folder_.string(), ec.message()));
  previous_ = read_hugo_manifest(folder_);
}

bool HugoWriter::up_to_date(const std::string& name, const std::string& content,
                            const std::string& content_hash) const {
  std::filesystem::path path = folder_ / name;
  auto listed = previous_.find(name);
  if (listed != previous_.end() && listed->second == content_hash) {
    // What we wrote last time is what we would write now; trust it while
    // the file is still there with that size, without reading it.
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (!ec && size == content.size()) return true;
  }
  return read_file_if_exists(path) == content;
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

  std::string content = render_hugo_page(article);
  std::string content_hash = sha256_hex(content);
  if (up_to_date(name, content, content_hash)) {
    ++counts_.unchanged;
  } else {
    replace_file(folder_ / name, content);
    ++counts_.written;
  }
  current_[name] = std::move(content_hash);
}

void HugoWriter::finish() {
  for (const auto& [name, hash] : previous_) {
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
