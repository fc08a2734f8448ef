// MB/s and items/s of parse_feed + normalize_item (what the poller runs per
// fetched feed, on one core) over the XML feeds that exist: the project's
// fixtures and, when present, ../shared/corpus/synthfeeds. Split into the
// documents that are valid UTF-8 (the fast path: no iconv, no copy) and
// those that are not (decoded first), so a change to decoding shows where
// it costs.
//
//   build/bench/feed_parse_bench --benchmark_counters_tabular=true

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "feeds/charset.h"
#include "feeds/feed_parser.h"
#include "feeds/normalize.h"

namespace fs = std::filesystem;
using namespace gazette;

namespace {

struct Corpus {
  std::vector<std::string> utf8, legacy;
};

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus out;
    for (const fs::path root : {fs::path(GAZETTE_SOURCE_DIR) / "tests/fixtures",
                                fs::path(GAZETTE_SOURCE_DIR) / "../shared/corpus/synthfeeds"}) {
      if (!fs::is_directory(root)) continue;
      for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".xml") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        std::string body = s.str();
        if (!looks_like_feed(body)) continue;
        try {
          (void)parse_feed(body, "https://bench.example/feed");
        } catch (const FeedParseError&) {
          continue;  // the malformed-XML fixtures measure another path
        }
        (is_valid_utf8(body) ? out.utf8 : out.legacy).push_back(std::move(body));
      }
    }
    return out;
  }();
  return c;
}

void parse_all(benchmark::State& state, const std::vector<std::string>& docs) {
  std::size_t bytes = 0, items = 0;
  for (auto _ : state) {
    for (const std::string& body : docs) {
      ParsedFeed feed = parse_feed(body, "https://bench.example/feed", "text/xml; charset=utf-8");
      for (FeedItem& item : feed.items) normalize_item(item, "https://bench.example/feed", 0);
      bytes += body.size();
      items += feed.items.size();
      benchmark::DoNotOptimize(feed);
    }
  }
  state.counters["docs"] = static_cast<double>(docs.size());
  state.counters["MB/s"] =
      benchmark::Counter(static_cast<double>(bytes) / 1e6, benchmark::Counter::kIsRate);
  state.counters["items/s"] =
      benchmark::Counter(static_cast<double>(items), benchmark::Counter::kIsRate);
}

void BM_ParseUtf8Feeds(benchmark::State& state) { parse_all(state, corpus().utf8); }
void BM_ParseLegacyFeeds(benchmark::State& state) { parse_all(state, corpus().legacy); }

}  // namespace

BENCHMARK(BM_ParseUtf8Feeds)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseLegacyFeeds)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
