// `--format hugo`: a Hugo content folder, one Markdown file per article.
// Incremental: a file is rewritten only when its content changed, files of
// articles no longer selected are removed (only files this export wrote,
// as listed in its manifest), and nothing else in the folder is touched.
#pragma once

#include <filesystem>
#include <unordered_set>

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
  // Creates the folder when missing. Throws ExportError.
  explicit HugoWriter(std::filesystem::path folder);
  void add(const ArticleRecord& article) override;
  void finish() override;
  const HugoExportCounts& counts() const { return counts_; }

 private:
  // The manifest lists `name` with this fingerprint and the file is there.
  bool listed_unchanged(const std::string& name, const HugoManifestEntry& entry) const;

  std::filesystem::path folder_;
  HugoManifest previous_;
  std::unordered_set<std::string> present_;  // .md files in the folder at the start
  HugoManifest current_;
  HugoExportCounts counts_;
};

}  // namespace gazette
