// `--format json`: the raw article records (the columns of articles_v), one
// JSON object per line.
#pragma once

#include <ostream>

#include "export/article_sink.h"

namespace gazette {

class JsonLinesWriter : public ArticleSink {
 public:
  explicit JsonLinesWriter(std::ostream& out) : out_(out) {}
  void add(const ArticleRecord& article) override;
  void finish() override;

 private:
  std::ostream& out_;
};

}  // namespace gazette
