// extract_page [--url URL] [--content-type TYPE] [--no-html] FILE
// Prints as JSON what Gazette's page extractors find in one saved HTML page:
// charset decision, feed links, the article (when it is one) and the
// headline lists. A tool for benchmarks and for checking extraction by hand.
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "feeds/article_extractor.h"
#include "feeds/feed_discovery.h"
#include "feeds/headline_extractor.h"
#include "feeds/page_document.h"

namespace {

nlohmann::json iso_time(const std::optional<gazette::UnixTime>& t) {
  if (!t) return nullptr;
  std::time_t seconds = static_cast<std::time_t>(*t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

int usage() {
  std::cerr << "usage: extract_page [--url URL] [--content-type TYPE] [--no-html] FILE\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url, content_type, path;
  bool with_html = true;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--url" && i + 1 < argc) {
      url = argv[++i];
    } else if (arg == "--content-type" && i + 1 < argc) {
      content_type = argv[++i];
    } else if (arg == "--no-html") {
      with_html = false;
    } else if (!arg.empty() && arg[0] != '-' && path.empty()) {
      path = arg;
    } else {
      return usage();
    }
  }
  if (path.empty()) return usage();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "extract_page: cannot open " << path << "\n";
    return 1;
  }
  std::stringstream bytes;
  bytes << in.rdbuf();
  if (url.empty()) url = "file://" + path;

  gazette::PageDocument page = gazette::parse_page(bytes.str(), content_type, url);
  gazette::ExtractedArticle article = gazette::extract_article(page.dom, page.url, page.base_url);
  nlohmann::json out;
  out["charset"] = {{"name", page.charset.charset}, {"source", page.charset.source}};
  out["is_article"] = article.is_article;
  out["is_article_why"] = article.is_article_why;
  out["title"] = article.title;
  out["author"] = article.author;
  out["canonical_url"] = article.canonical_url;
  out["image_url"] = article.image_url;
  out["published"] = iso_time(article.published);
  out["modified"] = iso_time(article.modified);
  out["categories"] = article.categories;
  out["content_text"] = article.content_text;
  if (with_html) out["content_html"] = article.content_html;
  out["feeds"] = nlohmann::json::array();
  for (const auto& feed : gazette::discover_feeds(page.dom, page.base_url))
    out["feeds"].push_back({{"url", feed.url}, {"type", feed.type}, {"title", feed.title}});
  out["headlines"] = nlohmann::json::array();
  for (const auto& h : gazette::extract_headlines(page.dom, page.url, page.base_url)) {
    nlohmann::json blocks = nlohmann::json::array();
    for (const auto& s : h.sightings)
      blocks.push_back({{"block", s.block}, {"position", s.position}});
    out["headlines"].push_back({{"url", h.url},
                                {"title", h.title},
                                {"teaser", h.teaser},
                                {"published", iso_time(h.published)},
                                {"sightings", blocks}});
  }
  std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return 0;
}
