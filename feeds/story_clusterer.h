// Groups articles that report the same news into stories, as they arrive
// (docs/stories.md says why this method and with which numbers).
//
// Each article becomes a TF-IDF vector of its headline and lead
// (feeds/story_terms.h; a term's weight is log((N + 1) / df), doubled for a
// headline's words, N and df counted over the articles of the window). It joins the story
// whose centroid (the sum of its articles' unit vectors) is most similar,
// cosine times exp(-|article time - story's mean time| / decay), when that
// reaches the threshold; else it starts a story of its own. Stories and
// document frequencies older than the window (behind the newest article
// seen) are forgotten, and candidate stories come from an inverted index of
// the article's rarest terms with bounded posting lists: the work per
// article depends on the window's traffic, never on the database's size.
//
// Pure: no clock, no database. The caller keeps the story ids (the database's
// stories.id) and feeds back the articles already assigned (add()).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "feeds/feed_item.h"

namespace gazette {

struct StoryParams {
  // Articles further apart than this never share a story, and stories whose
  // newest article is this far behind the newest article seen are forgotten.
  UnixTime window = 3 * 86400;
  // The similarity to a story is scaled by exp(-distance / decay): a day
  // apart costs a factor 7 at the default, a week is past the window.
  UnixTime decay = 12 * 3600;
  // Least decayed cosine similarity that joins a story (0 < threshold <= 1).
  double threshold = 0.10;
};

struct StoryArticle {
  std::string_view title;
  std::string_view lead;  // summary or the start of the text; may be empty
  UnixTime time = 0;      // published (or first seen)
};

class StoryClusterer {
 public:
  explicit StoryClusterer(StoryParams params);

  // The story `article` belongs to, or nullopt when it starts a new one.
  // Changes nothing: follow with add().
  std::optional<std::int64_t> match(const StoryArticle& article) const;

  // Records `article` as a member of `story` (matched, new, or an article
  // assigned before, when the caller reloads the window).
  void add(std::int64_t story, const StoryArticle& article);

  // match() then add(), reading the article's words once: the story it
  // joins, or new_story() (called only then) for a story of its own.
  template <typename NewStory>
  std::int64_t assign(const StoryArticle& article, NewStory&& new_story) {
    Counts counts = term_counts(article);
    std::optional<std::int64_t> story = match_counts(counts, article.time);
    std::int64_t id = story ? *story : new_story();
    add_counts(id, counts, article.time);
    return id;
  }

  std::size_t stories() const { return stories_.size(); }
  std::size_t terms() const { return terms_.size(); }
  const StoryParams& params() const { return params_; }

 private:
  using TermId = std::uint32_t;
  struct Term {
    TermId id;
    std::int64_t df = 0;  // articles of the window that contain it
  };
  struct Story {
    std::unordered_map<TermId, double> centroid;
    double norm = 0;
    double time_sum = 0;
    std::int64_t count = 0;
    UnixTime newest = 0;
  };
  struct Weighted {
    TermId term;
    double weight;
  };

  using Counts = std::vector<std::pair<std::string, int>>;
  Counts term_counts(const StoryArticle& article) const;
  std::optional<std::int64_t> match_counts(const Counts& counts, UnixTime time) const;
  void add_counts(std::int64_t story, const Counts& counts, UnixTime time);
  // The article's unit vector. With `counted` false the article is not in
  // the document frequencies yet and is counted as if it were: its terms
  // no other article has get the highest weight (they say the article is
  // about something else) and, having no TermId, match nothing.
  std::vector<Weighted> vector_of(const std::vector<std::pair<std::string, int>>& counts,
                                  bool counted) const;
  void forget_before(UnixTime horizon);

  StoryParams params_;
  std::unordered_map<std::string, Term> terms_;
  std::unordered_map<TermId, std::string> names_;  // for erasing a term whose df falls to 0
  TermId next_term_ = 0;
  std::int64_t articles_ = 0;  // N of the window
  std::unordered_map<std::int64_t, Story> stories_;
  std::unordered_map<TermId, std::vector<std::int64_t>> postings_;  // term -> stories, oldest first
  std::multimap<UnixTime, std::vector<TermId>> window_;             // each article's terms, by time
  UnixTime newest_ = 0;                                             // the newest article time added
  UnixTime last_sweep_ = 0;  // when forgotten stories were last looked for
};

}  // namespace gazette
