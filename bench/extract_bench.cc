// Pages per second and MB/s for headline extraction and for article
// extraction (parse + extract, one core), over the fixture pages that exist
// (the project's own, and ../shared's newsline site when present) and over
// generated pages of a news-site shape.
//
//   build/bench/extract_bench --benchmark_counters_tabular=true

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "feeds/article_extractor.h"
#include "feeds/headline_extractor.h"
#include "feeds/page_document.h"

namespace fs = std::filesystem;
using namespace gazette;

namespace {

struct Page {
  std::string url;
  std::string html;
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A WordPress-like page: menu, a lead article of `paragraphs` paragraphs, and
// sidebars of headline lists, about the size of real news pages.
std::string generated_page(int seed, int paragraphs) {
  std::ostringstream o;
  o << "<!doctype html><html><head><meta charset=utf-8><title>Story " << seed
    << "</title><meta property='og:type' content='article'></head><body>"
    << "<nav><ul><li><a href='/'>Home</a></li><li><a href='/category/world/'>World</a></li>"
    << "<li><a href='/category/india/'>India</a></li></ul></nav><main><article><h1>Story number "
    << seed << " about the harbour council</h1><p class=byline>By Desk " << seed % 7 << "</p>";
  for (int p = 0; p < paragraphs; ++p)
    o << "<p>Paragraph " << p << " of story " << seed
      << ": the council met on Thursday to discuss the budget for the new bridge, and "
         "residents asked questions about the timetable, the cost and the noise.</p>";
  o << "</article><aside>";
  for (const char* block : {"Hot this week", "Topics", "Popular"}) {
    o << "<div class=widget><h3>" << block << "</h3><ul>";
    for (int i = 0; i < 8; ++i)
      o << "<li><a href='https://news.example/2025/11/0" << (i % 9) + 1 << "/story-"
        << seed * 10 + i << "-about-the-bridge-and-the-budget/'>Story " << seed * 10 + i
        << " about the bridge and the budget vote</a><span class=date>Nov " << i + 1
        << ", 2025</span></li>";
    o << "</ul></div>";
  }
  o << "</aside></main><footer>All rights reserved</footer></body></html>";
  return o.str();
}

std::vector<Page> fixture_pages() {
  std::vector<Page> pages;
  std::vector<fs::path> roots = {fs::path(GAZETTE_SOURCE_DIR) / "tests/fixtures/demo-site",
                                 fs::path(GAZETTE_SOURCE_DIR) / "tests/fixtures/pages",
                                 fs::path(GAZETTE_SOURCE_DIR) / "../shared/fixtures/newsline/site"};
  for (const fs::path& root : roots) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root))
      if (entry.path().extension() == ".html")
        pages.push_back({"https://news.example/" + fs::relative(entry.path(), root).string(),
                         read(entry.path())});
  }
  return pages;
}

std::vector<Page> generated_pages() {
  std::vector<Page> pages;
  for (int i = 0; i < 20; ++i)
    pages.push_back({"https://news.example/2025/11/01/story-" + std::to_string(i) + "/",
                     generated_page(i, 6 + i % 10)});
  return pages;
}

template <typename Extract>
void run(benchmark::State& state, const std::vector<Page>& pages, Extract extract) {
  if (pages.empty()) {
    state.SkipWithError("no pages");
    return;
  }
  std::size_t bytes = 0, count = 0, i = 0;
  for (auto _ : state) {
    const Page& page = pages[i++ % pages.size()];
    PageDocument doc = parse_page(page.html, "text/html; charset=utf-8", page.url);
    benchmark::DoNotOptimize(extract(doc));
    bytes += page.html.size();
    ++count;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["pages/s"] =
      benchmark::Counter(static_cast<double>(count), benchmark::Counter::kIsRate);
}

auto article = [](const PageDocument& d) {
  return extract_article(d.dom, d.url, d.base_url).content_text.size();
};
auto headlines = [](const PageDocument& d) {
  return extract_headlines(d.dom, d.url, d.base_url).size();
};

void BM_ArticleFixtures(benchmark::State& s) {
  static auto p = fixture_pages();
  run(s, p, article);
}
void BM_HeadlinesFixtures(benchmark::State& s) {
  static auto p = fixture_pages();
  run(s, p, headlines);
}
void BM_ArticleGenerated(benchmark::State& s) {
  static auto p = generated_pages();
  run(s, p, article);
}
void BM_HeadlinesGenerated(benchmark::State& s) {
  static auto p = generated_pages();
  run(s, p, headlines);
}

BENCHMARK(BM_ArticleFixtures);
BENCHMARK(BM_HeadlinesFixtures);
BENCHMARK(BM_ArticleGenerated);
BENCHMARK(BM_HeadlinesGenerated);

}  // namespace

BENCHMARK_MAIN();
