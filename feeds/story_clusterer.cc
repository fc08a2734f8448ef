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

// The heap a word's std::string holds (libstdc++ keeps up to 15 bytes inside).
std::size_t name_heap(const std::string& s) { return s.size() > 15 ? s.size() + 1 + 16 : 0; }

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
    auto it = ids_.find(word);
    double df = (it == ids_.end() ? 0.0 : static_cast<double>(terms_[it->second].df)) + self;
    if (df <= 0) continue;
    double w = static_cast<double>(count) * std::log(n / df);
    if (w <= 0) continue;
    sum += w * w;
    if (it != ids_.end()) v.push_back({it->second, w});
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
    const std::vector<std::int64_t>& list = terms_[t.term].postings;
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
      auto c = std::lower_bound(story.centroid.begin(), story.centroid.end(), x.term,
                                [](const auto& entry, TermId t) { return entry.first < t; });
      if (c != story.centroid.end() && c->first == x.term) dot += x.weight * c->second;
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

StoryClusterer::TermId StoryClusterer::intern(const std::string& word) {
  auto [it, fresh] = ids_.try_emplace(word, 0);
  if (fresh) {
    if (free_terms_.empty()) {
      it->second = static_cast<TermId>(terms_.size());
      terms_.emplace_back();
    } else {
      it->second = free_terms_.back();
      free_terms_.pop_back();
    }
    terms_[it->second].name = &it->first;
    name_bytes_ += name_heap(it->first);
  }
  ++terms_[it->second].df;
  return it->second;
}

void StoryClusterer::release_if_unused(TermId id) {
  Term& term = terms_[id];
  if (term.df > 0 || !term.postings.empty()) return;
  term.postings.shrink_to_fit();
  free_terms_.push_back(id);
}

void StoryClusterer::add_counts(std::int64_t story_id, const Counts& counts, UnixTime time) {
  std::vector<TermId> ids;
  ids.reserve(counts.size());
  for (const auto& [word, count] : counts) ids.push_back(intern(word));
  ++articles_;
  article_terms_ += ids.size();
  Window::iterator article = window_.emplace(time, Article{story_id, std::move(ids)});

  // Weighted with this article counted in N and df, as the next match() sees it.
  std::vector<Weighted> v = vector_of(counts, true);
  std::sort(v.begin(), v.end(),
            [](const Weighted& a, const Weighted& b) { return a.term < b.term; });
  auto [it, fresh_story] = stories_.try_emplace(story_id);
  Story& story = it->second;
  if (!fresh_story) by_newest_.erase({story.newest, story_id});
  story.articles.push_back(article);
  // The centroid and v are both sorted by term: merged into a vector of the
  // exact size, as a story's centroid rarely grows again.
  std::vector<std::pair<TermId, float>> merged;
  merged.reserve(story.centroid.size() + v.size());
  auto c = story.centroid.begin();
  for (const Weighted& x : v) {
    while (c != story.centroid.end() && c->first < x.term) merged.push_back(*c++);
    if (c != story.centroid.end() && c->first == x.term) {
      merged.emplace_back(x.term, c->second + static_cast<float>(x.weight));
      ++c;
    } else {
      merged.emplace_back(x.term, static_cast<float>(x.weight));
      terms_[x.term].postings.push_back(story_id);
    }
  }
  merged.insert(merged.end(), c, story.centroid.end());
  merged.shrink_to_fit();
  centroid_entries_ += merged.size() - story.centroid.size();
  story.centroid = std::move(merged);
  double sum = 0;
  for (const auto& [term, w] : story.centroid) sum += static_cast<double>(w) * w;
  story.norm = std::sqrt(sum);
  if (story.norm == 0) story.norm = 1;  // an article without terms: matches nothing anyway
  story.time_sum += static_cast<double>(time);
  ++story.count;
  story.newest = story.count == 1 ? time : std::max(story.newest, time);
  by_newest_.emplace(story.newest, story_id);

  if (time > newest_) newest_ = time;
  forget_before(newest_ - params_.window);
  forget_over_bounds();
}

void StoryClusterer::forget_article(Window::iterator article, bool detach) {
  // The article's terms leave the document frequencies as it leaves the window.
  for (TermId id : article->second.terms) {
    Term& term = terms_[id];
    if (--term.df == 0) {
      name_bytes_ -= name_heap(*term.name);
      ids_.erase(*term.name);
      term.name = nullptr;
      release_if_unused(id);
    }
  }
  if (detach) {
    auto story = stories_.find(article->second.story);
    if (story != stories_.end()) detach_article(story->second, article);
  }
  article_terms_ -= article->second.terms.size();
  --articles_;
  window_.erase(article);
}

void StoryClusterer::detach_article(Story& story, Window::iterator article) {
  std::vector<Window::iterator>& list = story.articles;
  auto live = list.begin() + static_cast<std::ptrdiff_t>(story.gone);
  if (live != list.end() && *live == article) {
    // Articles leave in time order, which is nearly always the order they
    // joined in: the one leaving is the first still there. It is skipped,
    // and the skipped ones cut off once they are half the list, so that a
    // story of many articles is not shifted at every one that leaves.
    if (++story.gone * 2 >= list.size()) {
      list.erase(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(story.gone));
      story.gone = 0;
    }
    return;
  }
  auto it = std::find(live, list.end(), article);
  if (it != list.end()) list.erase(it);
}

void StoryClusterer::forget_story(std::int64_t story_id) {
  auto it = stories_.find(story_id);
  Story& story = it->second;
  for (auto a = story.articles.begin() + static_cast<std::ptrdiff_t>(story.gone);
       a != story.articles.end(); ++a)
    forget_article(*a, false);
  for (const auto& [term, w] : story.centroid) {
    std::erase(terms_[term].postings, story_id);
    release_if_unused(term);
  }
  centroid_entries_ -= story.centroid.size();
  by_newest_.erase({story.newest, story_id});
  stories_.erase(it);
}

void StoryClusterer::forget_before(UnixTime horizon) {
  while (!window_.empty() && window_.begin()->first < horizon)
    forget_article(window_.begin(), true);
  while (!by_newest_.empty() && by_newest_.begin()->first < horizon)
    forget_story(by_newest_.begin()->second);
}

void StoryClusterer::forget_over_bounds() {
  while (!by_newest_.empty() &&
         (stories_.size() > params_.max_stories || memory_bytes() > params_.max_bytes))
    forget_story(by_newest_.begin()->second);
}

std::size_t StoryClusterer::memory_bytes() const {
  // What each element costs on a 64-bit glibc: the container's node (two or
  // three pointers, or a hash link and the cached hash), malloc's 16 bytes
  // per block, and the element itself.
  constexpr std::size_t kBlock = 16;
  constexpr std::size_t kTreeNode = 32 + kBlock;
  constexpr std::size_t kHashNode = 16 + kBlock + sizeof(void*);  // and a bucket
  std::size_t story = kHashNode + sizeof(std::int64_t) + sizeof(Story) + kTreeNode +
                      sizeof(std::pair<UnixTime, std::int64_t>) + 2 * kBlock;
  std::size_t centroid_entry = sizeof(std::pair<TermId, float>) + sizeof(std::int64_t);
  std::size_t article =
      kTreeNode + sizeof(UnixTime) + sizeof(Article) + kBlock + sizeof(Window::iterator);
  std::size_t term = kHashNode + sizeof(std::string) + sizeof(TermId) + sizeof(Term) + kBlock;
  return stories_.size() * story + centroid_entries_ * centroid_entry + window_.size() * article +
         article_terms_ * sizeof(TermId) + terms_.size() * term + name_bytes_;
}

}  // namespace gazette
