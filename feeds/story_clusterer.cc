#include "feeds/story_clusterer.h"

#include <algorithm>
#include <cmath>

#include "feeds/story_terms.h"

namespace gazette {
namespace {

// Terms read from an article: a headline has about ten, and the lead's first
// sentences say what the headline says.
constexpr std::size_t kTitleTerms = 32;
constexpr std::size_t kLeadTerms = 40;
// A headline's words weigh double against its lead's: the headline is
// what an editor chose to say the story is. A word weighs the same however
// often it is repeated: a lead that repeats the headline's "apple" three
// times says no more about which apple than the headline did.
constexpr int kTitleWeight = 2;
constexpr int kLeadWeight = 1;
// Candidate stories come from the postings of the article's rarest terms
// only, and of each posting list only its newest stories: common words
// would otherwise make every article compare against every story of the
// window. A story the article should join shares its rare terms.
constexpr std::size_t kCandidateTerms = 8;
constexpr std::size_t kPostingsScanned = 64;

}  // namespace

StoryClusterer::StoryClusterer(StoryParams params) : params_(params) {}

std::vector<std::pair<std::string, int>> StoryClusterer::term_counts(
    const StoryArticle& article) const {
  std::unordered_map<std::string, int> counts;
  for (std::string& t : story_terms(article.title, kTitleTerms))
    counts[std::move(t)] = kTitleWeight;
  for (std::string& t : story_terms(article.lead, kLeadTerms)) {
    int& c = counts[std::move(t)];
    c = std::max(c, kLeadWeight);
  }
  std::vector<std::pair<std::string, int>> out(counts.begin(), counts.end());
  // Sorted, so that floating-point sums come out the same on every run.
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<StoryClusterer::Weighted> StoryClusterer::vector_of(
    const std::vector<std::pair<std::string, int>>& counts, bool counted) const {
  std::vector<Weighted> v;
  double self = counted ? 0.0 : 1.0;
  double n = static_cast<double>(articles_) + self + 1.0;
  double sum = 0;
  for (const auto& [word, count] : counts) {
    auto it = terms_.find(word);
    double df = (it == terms_.end() ? 0.0 : static_cast<double>(it->second.df)) + self;
    if (df <= 0) continue;
    double w = static_cast<double>(count) * std::log(n / df);
    if (w <= 0) continue;
    sum += w * w;
    if (it != terms_.end()) v.push_back({it->second.id, w});
  }
  double norm = std::sqrt(sum);
  for (Weighted& x : v) x.weight /= norm;
  return v;
}

std::optional<std::int64_t> StoryClusterer::match(const StoryArticle& article) const {
  return match_counts(term_counts(article), article.time);
}

void StoryClusterer::add(std::int64_t story_id, const StoryArticle& article) {
  add_counts(story_id, term_counts(article), article.time);
}

std::optional<std::int64_t> StoryClusterer::match_counts(const Counts& counts,
                                                         UnixTime time) const {
  std::vector<Weighted> v = vector_of(counts, false);
  if (v.empty()) return std::nullopt;

  std::vector<Weighted> rarest = v;  // by weight: for one article, the rarest terms weigh most
  std::sort(rarest.begin(), rarest.end(), [](const Weighted& a, const Weighted& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.term < b.term;
  });
  if (rarest.size() > kCandidateTerms) rarest.resize(kCandidateTerms);
  std::vector<std::int64_t> candidates;
  for (const Weighted& t : rarest) {
    auto it = postings_.find(t.term);
    if (it == postings_.end()) continue;
    const std::vector<std::int64_t>& list = it->second;
    std::size_t from = list.size() > kPostingsScanned ? list.size() - kPostingsScanned : 0;
    candidates.insert(candidates.end(), list.begin() + static_cast<std::ptrdiff_t>(from),
                      list.end());
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  std::optional<std::int64_t> best;
  double best_score = 0;
  for (std::int64_t id : candidates) {
    const Story& story = stories_.at(id);
    double mean = story.time_sum / static_cast<double>(story.count);
    double distance = std::abs(static_cast<double>(time) - mean);
    if (distance > static_cast<double>(params_.window)) continue;
    double dot = 0;
    for (const Weighted& x : v) {
      auto c = story.centroid.find(x.term);
      if (c != story.centroid.end()) dot += x.weight * c->second;
    }
    double score = dot / story.norm;
    if (params_.decay > 0) score *= std::exp(-distance / static_cast<double>(params_.decay));
    if (score > best_score) {
      best_score = score;
      best = id;
    }
  }
  if (best && best_score >= params_.threshold) return best;
  return std::nullopt;
}

void StoryClusterer::add_counts(std::int64_t story_id, const Counts& counts, UnixTime time) {
  std::vector<TermId> ids;
  ids.reserve(counts.size());
  for (const auto& [word, count] : counts) {
    auto [it, fresh] = terms_.try_emplace(word, Term{next_term_});
    if (fresh) names_.emplace(next_term_++, word);
    ++it->second.df;
    ids.push_back(it->second.id);
  }
  ++articles_;
  window_.emplace(time, std::move(ids));

  // Weighted with this article counted in N and df, as the next match() sees it.
  std::vector<Weighted> v = vector_of(counts, true);
  Story& story = stories_[story_id];
  for (const Weighted& x : v) {
    auto [c, fresh] = story.centroid.try_emplace(x.term, 0.0);
    if (fresh) postings_[x.term].push_back(story_id);
    c->second += x.weight;
  }
  double sum = 0;
  for (const auto& [term, w] : story.centroid) sum += w * w;
  story.norm = std::sqrt(sum);
  if (story.norm == 0) story.norm = 1;  // an article without terms: matches nothing anyway
  story.time_sum += static_cast<double>(time);
  ++story.count;
  story.newest = story.count == 1 ? time : std::max(story.newest, time);

  if (time > newest_) newest_ = time;
  forget_before(newest_ - params_.window);
}

void StoryClusterer::forget_before(UnixTime horizon) {
  // The articles' terms leave the document frequencies as they leave the window.
  while (!window_.empty() && window_.begin()->first < horizon) {
    for (TermId id : window_.begin()->second) {
      auto name = names_.find(id);
      auto term = terms_.find(name->second);
      if (--term->second.df == 0) {
        terms_.erase(term);
        names_.erase(name);
      }
    }
    window_.erase(window_.begin());
    --articles_;
  }
  // Stories are swept now and then, not at every article: a sweep visits
  // every story of the window.
  if (newest_ - last_sweep_ < params_.window / 16 && last_sweep_ != 0) return;
  last_sweep_ = newest_;
  for (auto it = stories_.begin(); it != stories_.end();) {
    if (it->second.newest >= horizon) {
      ++it;
      continue;
    }
    for (const auto& [term, w] : it->second.centroid) {
      auto p = postings_.find(term);
      std::erase(p->second, it->first);
      if (p->second.empty()) postings_.erase(p);
    }
    it = stories_.erase(it);
  }
}

}  // namespace gazette
