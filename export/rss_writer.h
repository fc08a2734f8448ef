// `--format rss`: one aggregated RSS 2.0 feed, each item attributed to its
// source with <source url="...">.
#pragma once

#include <ostream>
#include <pugixml.hpp>

#include "export/article_sink.h"

namespace gazette {

class RssWriter : public ArticleSink {
 public:
  RssWriter(std::ostream& out, FeedInfo info);
  void add(const ArticleRecord& article) override;
  void finish() override;

 private:
  std::ostream& out_;
  pugi::xml_document doc_;
  pugi::xml_node channel_;
  pugi::xml_node last_build_;
  std::string latest_;
};

}  // namespace gazette
