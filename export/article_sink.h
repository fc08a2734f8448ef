// What every export writer is: it takes the selected articles one at a time,
// newest first, and completes its output in finish().
#pragma once

#include <stdexcept>
#include <string>

#include "storage/article_selection.h"

namespace gazette {

// Describes the aggregated feed itself (atom, rss, jsonfeed).
struct FeedInfo {
  std::string title = "Gazette";
  std::string link;  // the site the export is published on; may be empty
};

class ArticleSink {
 public:
  virtual ~ArticleSink() = default;
  virtual void add(const ArticleRecord& article) = 0;
  virtual void finish() = 0;
};

class ExportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace gazette
