// `--format hugo`: a Hugo content folder, one Markdown file per article.
// Incremental: a file is rewritten only when its content changed, files of
// articles no longer selected are removed (only files this export wrote,
// as listed in its manifest), and nothing else in the folder is touched.
#pragma once

#include <boost/unordered/unordered_flat_map.hpp>
#include <filesystem>
#include <string>
#include <string_view>

#include "export/article_sink.h"
#include "export/hugo_manifest.h"

namespace gazette {

struct HugoExportCounts {
  int written = 0;
  int unchanged = 0;
  int removed = 0;
};

class HugoWriter : public ArticleSink {
 public:
  // Creates the folder when missing. Throws ExportError, also when the
  // folder is a symbolic link (OutputFolder).
  explicit HugoWriter(std::filesystem::path folder);
  void add(const ArticleRecord& article) override;
  void finish() override;
  const HugoExportCounts& counts() const { return counts_; }

 private:
  // A file the previous export's manifest lists.
  struct ListedFile {
    HugoManifestEntry entry;
    bool on_disk = false;   // still in the folder when this export started
    bool exported = false;  // an article of this export has this name
  };

  // Lookups by string_view (a directory entry's name) without a copy.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const {
      return std::hash<std::string_view>{}(name);
    }
  };

  // Opened once: every file is reached relative to it (output_file.h).
  OutputFolder folder_;
  // Open addressing: a lookup per article and per folder entry, 100,000 of
  // each, and the node-based std::unordered_map spent most of its time in
  // cache misses.
  boost::unordered_flat_map<std::string, ListedFile, NameHash, std::equal_to<>> listed_;
  // This export's files the manifest did not list.
  boost::unordered_flat_map<std::string, HugoManifestEntry, NameHash, std::equal_to<>> unlisted_;
  bool manifest_changed_ = false;
  HugoExportCounts counts_;
};

}  // namespace gazette
