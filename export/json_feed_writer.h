// `--format jsonfeed`: one JSON Feed 1.1 document (https://jsonfeed.org/version/1.1).
// Items are written as they come, so memory does not grow with the export.
#pragma once

#include <ostream>

#include "export/article_sink.h"

namespace gazette {

class JsonFeedWriter : public ArticleSink {
 public:
  JsonFeedWriter(std::ostream& out, FeedInfo info) : out_(out), info_(std::move(info)) {}
  void add(const ArticleRecord& article) override;
  void finish() override;

 private:
  void start();

  std::ostream& out_;
  FeedInfo info_;
  bool started_ = false;
  bool first_item_ = true;
};

}  // namespace gazette
