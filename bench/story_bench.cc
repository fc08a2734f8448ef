// Story clustering throughput (issue 15): assigns N headlines to stories with
// feeds/story_clusterer.h as the store thread does, and prints articles per
// second and the process's peak memory. Speed is measured here, never
// asserted in tests.
//
//   build/bench/story_bench HEADLINES.tsv [N] [--assignments OUT.tsv]
//                           [--max-stories S] [--max-bytes B]
//
// HEADLINES.tsv: lines of "unix-seconds<TAB>title"; a line that does not
// parse is skipped. N (default: the file's lines) is reached by cycling the
// file with each cycle's times shifted by a week, a stream that keeps
// arriving rather than the same days again. --assignments writes "line<TAB>
// story" for the first cycle, to score the clustering against labels.
// --max-stories and --max-bytes replace StoryParams' memory bounds, to see
// what a tighter bound costs.
#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "feeds/story_clusterer.h"

using namespace gazette;

namespace {

struct Headline {
  UnixTime time;
  std::string title;
};

std::vector<Headline> read_headlines(const char* path) {
  std::vector<Headline> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    char* end = nullptr;
    long long t = std::strtoll(line.c_str(), &end, 10);
    if (end != line.c_str() + tab) continue;
    out.push_back({t, line.substr(tab + 1)});
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: story_bench HEADLINES.tsv [N] [--assignments OUT.tsv] [--max-stories S] "
                 "[--max-bytes B]\n";
    return 2;
  }
  std::vector<Headline> headlines = read_headlines(argv[1]);
  if (headlines.empty()) {
    std::cerr << argv[1] << ": no headlines\n";
    return 1;
  }
  std::size_t n = headlines.size();
  const char* assignments = nullptr;
  StoryParams params;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--assignments" && i + 1 < argc)
      assignments = argv[++i];
    else if (arg == "--max-stories" && i + 1 < argc)
      params.max_stories = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--max-bytes" && i + 1 < argc)
      params.max_bytes = std::strtoull(argv[++i], nullptr, 10);
    else
      n = std::strtoull(argv[i], nullptr, 10);
  }
  UnixTime first = headlines.front().time, last = first;
  for (const Headline& h : headlines) {
    first = std::min(first, h.time);
    last = std::max(last, h.time);
  }
  UnixTime shift = ((last - first) / (7 * 86400) + 1) * 7 * 86400;

  StoryClusterer clusterer{params};
  std::vector<std::int64_t> story(std::min(n, headlines.size()));
  std::int64_t next_story = 1;
  std::size_t heap_before = mallinfo2().uordblks;  // the headlines read
  auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < n; ++i) {
    const Headline& h = headlines[i % headlines.size()];
    StoryArticle a{h.title, {}, h.time + static_cast<UnixTime>(i / headlines.size()) * shift};
    std::int64_t id = clusterer.assign(a, [&] { return next_story++; });
    if (i < story.size()) story[i] = id;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("%zu headlines, %lld stories started, %.2f s, %.0f articles/s, peak RSS %.1f MiB\n",
              n, static_cast<long long>(next_story - 1), seconds, static_cast<double>(n) / seconds,
              static_cast<double>(usage.ru_maxrss) / 1024.0);
  std::printf("in memory at the end: %zu stories, %zu terms, %zu articles\n", clusterer.stories(),
              clusterer.terms(), clusterer.articles());
  // The clusterer's own estimate (what StoryParams::max_bytes bounds) next to
  // the heap malloc has handed out since the headlines were read.
  std::size_t heap = mallinfo2().uordblks - heap_before;
  std::printf("estimate %.1f MiB, heap in use %.1f MiB\n",
              static_cast<double>(clusterer.memory_bytes()) / 1048576.0,
              static_cast<double>(heap) / 1048576.0);
  if (assignments) {
    std::ofstream out(assignments);
    for (std::size_t i = 0; i < story.size(); ++i) out << i << '\t' << story[i] << '\n';
  }
  return 0;
}
