#include "export/hugo_writer.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "export/hugo_page.h"
#include "export/output_file.h"

namespace gazette {

HugoWriter::HugoWriter(std::filesystem::path folder) : folder_(std::move(folder)) {
  HugoManifest manifest = read_hugo_manifest(folder_);
  listed_.reserve(manifest.size());
  for (HugoManifestRow& row : manifest) listed_.emplace(std::move(row.name), ListedFile{row.entry});
  // One listing of the folder instead of a stat per article: an unchanged
  // export of 100,000 articles must cost a small part of a full one. (POSIX
  // readdir: std::filesystem would build a path object per entry.)
  struct CloseDir {
    void operator()(DIR* d) const { closedir(d); }
  };
  // The open folder itself, not its name, which may have changed meanwhile.
  int listing_fd = fcntl(folder_.fd(), F_DUPFD_CLOEXEC, 0);
  std::unique_ptr<DIR, CloseDir> dir(listing_fd < 0 ? nullptr : fdopendir(listing_fd));
  if (!dir) {
    int error = errno;
    if (listing_fd >= 0) close(listing_fd);
    throw ExportError(
        fmt::format("{}: cannot list: {}", folder_.path().string(), std::strerror(error)));
  }
  while (const dirent* entry = readdir(dir.get())) {
    auto listed = listed_.find(std::string_view(entry->d_name));
    if (listed != listed_.end()) listed->second.on_disk = true;
  }
}

void HugoWriter::add(const ArticleRecord& article) {
  const std::string slug = title_slug(article.title);
  const std::string hash = article_name_hash(article);
  // The slug and the first 6 digits, or more while another article of this
  // export has that name.
  std::string name;
  ListedFile* file = nullptr;
  for (std::size_t digits = 6;; digits += 2) {
    name = hugo_file_name(slug, hash, digits);
    auto listed = listed_.find(name);
    file = listed == listed_.end() ? nullptr : &listed->second;
    bool taken = file ? file->exported : unlisted_.contains(name);
    if (!taken) break;
    if (digits >= hash.size())
      throw ExportError(fmt::format("two articles export to {} (same URL {})", name, article.url));
  }

  HugoManifestEntry entry{hugo_page_fingerprint(article), 0};
  if (file) file->exported = true;
  if (file && file->on_disk && file->entry.fingerprint == entry.fingerprint) {
    ++counts_.unchanged;  // the common case: nothing to render, nothing to read
    return;
  }
  // Compare content before writing: a page that renders to the bytes
  // already there (e.g. after the manifest was lost) is left alone.
  std::string content = render_hugo_page(article);
  entry.size = content.size();
  if (read_file_if_exists(folder_, name) == content) {
    ++counts_.unchanged;
  } else {
    replace_file(folder_, name, content);
    ++counts_.written;
  }
  if (file) {
    file->entry = entry;
    file->on_disk = true;
  } else {
    unlisted_.emplace(std::move(name), entry);
  }
  manifest_changed_ = true;
}

void HugoWriter::finish() {
  for (const auto& [name, file] : listed_) {
    if (file.exported) continue;
    manifest_changed_ = true;
    // unlinkat removes a link planted there, never what it points to.
    if (unlinkat(folder_.fd(), name.c_str(), 0) == 0)
      ++counts_.removed;
    else if (errno != ENOENT)
      throw ExportError(fmt::format("{}: cannot remove: {}", (folder_.path() / name).string(),
                                    std::strerror(errno)));
  }
  if (!manifest_changed_) return;
  HugoManifest current;
  for (const auto& [name, entry] : unlisted_) current.push_back({name, entry});
  for (const auto& [name, file] : listed_)
    if (file.exported) current.push_back({name, file.entry});
  write_hugo_manifest(folder_, current);
}

}  // namespace gazette
