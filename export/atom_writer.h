// `--format atom`: one aggregated Atom 1.0 feed (RFC 4287), each entry
// attributed to the source it came from with atom:source, as planets do.
#pragma once

#include <ostream>
#include <pugixml.hpp>

#include "export/article_sink.h"

namespace gazette {

class AtomWriter : public ArticleSink {
 public:
  AtomWriter(std::ostream& out, FeedInfo info);
  void add(const ArticleRecord& article) override;
  void finish() override;

 private:
  std::ostream& out_;
  pugi::xml_document doc_;
  pugi::xml_node feed_;
  pugi::xml_node updated_;
  std::string latest_;  // the feed's <updated>: the latest change among its entries
};

}  // namespace gazette
