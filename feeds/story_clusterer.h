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
// Memory is bounded too (StoryParams::max_stories, max_bytes): past either
// bound the story whose newest article is the oldest is forgotten first,
// its articles leaving the document frequencies as if they had aged out.
//
// Pure: no clock, no database. The caller keeps the story ids (the database's
// stories.id) and feeds back the articles already assigned (add()).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
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
  // Bounds on what the window holds, whatever its traffic: a daemon storing
  // thousands of unrelated articles an hour would otherwise keep three days
  // of them. Past either, the stories whose newest article is the oldest
  // are forgotten first (docs/stories.md, "Memory"). max_bytes bounds an
  // estimate of the heap the clusterer holds (memory_bytes()).
  std::size_t max_stories = 20'000;
  std::size_t max_bytes = 24u << 20;
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
  // Words with a document frequency: those of the window's articles.
  std::size_t terms() const { return ids_.size(); }
  // Articles of the window (counted in the document frequencies).
  std::size_t articles() const { return window_.size(); }
  // An estimate of the heap held (what max_bytes bounds): the containers'
  // elements and their allocator overhead, not their spare capacity.
  std::size_t memory_bytes() const;
  const StoryParams& params() const { return params_; }

 private:
  using TermId = std::uint32_t;
  // A term's slot lives while an article of the window contains it (df) or
  // a story's centroid has it (postings); its TermId is then reused. A term
  // whose df falls to 0 leaves the names at once: the same word read again
  // gets a new TermId, so that it never matches through a story's stale terms.
  struct Term {
    const std::string* name = nullptr;   // its key in ids_, null once df fell to 0
    std::uint32_t df = 0;                // articles of the window that contain it
    std::vector<std::int64_t> postings;  // stories whose centroid has it, oldest first
  };
  struct Article {
    std::int64_t story;
    std::vector<TermId> terms;
  };
  using Window = std::multimap<UnixTime, Article>;  // the articles by time
  struct Story {
    std::vector<std::pair<TermId, float>> centroid;  // sorted by TermId
    double norm = 0;
    double time_sum = 0;
    std::int64_t count = 0;
    UnixTime newest = 0;
    std::vector<Window::iterator> articles;  // from `gone` on: its articles still in the window
    std::size_t gone = 0;  // leading entries of `articles` that have left the window
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
  void forget_over_bounds();
  void forget_story(std::int64_t story_id);
  // Takes an article out of the window and the document frequencies; with
  // `detach`, out of its story's list of articles too.
  void forget_article(Window::iterator article, bool detach);
  static void detach_article(Story& story, Window::iterator article);
  TermId intern(const std::string& word);
  void release_if_unused(TermId id);

  StoryParams params_;
  std::unordered_map<std::string, TermId> ids_;  // words with df > 0
  std::vector<Term> terms_;                      // by TermId
  std::vector<TermId> free_terms_;               // slots of terms_ to reuse
  std::int64_t articles_ = 0;                    // N of the window
  std::unordered_map<std::int64_t, Story> stories_;
  std::set<std::pair<UnixTime, std::int64_t>> by_newest_;  // stories by their newest article
  Window window_;
  std::size_t centroid_entries_ = 0;  // over all stories, for memory_bytes()
  std::size_t article_terms_ = 0;     // over the window's articles
  std::size_t name_bytes_ = 0;        // the names' heap beyond their std::string
  UnixTime newest_ = 0;               // the newest article time added
};

}  // namespace gazette
