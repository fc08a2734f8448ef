// The rules of recording a poll that do not depend on the database engine,
// shared by the SQLite recorder (storage/poll_recorder.cc) and the
// PostgreSQL one (storage/postgres/pg_poll_writer.cc): the column checks of
// a document, which dedup keys each item may use, whose word may change a
// stored article, and how an item folds into it. Each engine keeps its SQL.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "feeds/feed_item.h"
#include "storage/dedup_key.h"
#include "storage/poll_recorder.h"

namespace gazette {

// A document with the column invariants (storage/column_checks.h) holding.
// Valid values are used as they are; a document with a broken one is copied
// and repaired (rare: the normalize path already gives valid values), one
// line per repaired column appended to `repaired`.
class CheckedDocument {
 public:
  CheckedDocument(const FetchOutcome& outcome, const std::vector<FeedItem>& items,
                  std::vector<std::string>& repaired);
  const FetchOutcome& outcome() const { return repaired_outcome_ ? *repaired_outcome_ : outcome_; }
  const std::vector<FeedItem>& items() const { return repaired_items_ ? *repaired_items_ : items_; }

 private:
  const FetchOutcome& outcome_;
  const std::vector<FeedItem>& items_;
  std::optional<FetchOutcome> repaired_outcome_;
  std::optional<std::vector<FeedItem>> repaired_items_;
};

// Which dedup keys each item of one document may use, the preferred first.
// A key shared by items that disagree on their other key is unusable for
// this document: a feed that gives every item the same guid (or links every
// item to its home page) must not collapse them into one article.
std::vector<std::vector<DedupKey>> lookup_keys(const std::vector<FeedItem>& items,
                                               std::int64_t source_id);

// Categories are stored comma-separated; an empty one would read back as nothing.
std::string join_categories(const std::vector<std::string>& categories);

// The parts of a stored article a merge may change.
struct ArticleFields {
  std::int64_t source_id = 0;
  std::string guid, url, title, author, summary, content_html, content_text, image_url, categories;
  std::optional<std::string> published;  // format_utc text
  std::string enclosures;    // JSON array; empty (not "[]") when none, so a sighting fills it in
  std::string content_hash;  // of the item that last changed it
  std::string creator_url;   // where the source that created it fetches from
};

// Whose word changes an article, by site (feeds/registrable_domain.h): the
// site of the document the item was read from (its origin_site) against the
// site of the article's own URL. A document speaks for its own site: a page
// on B naming A's story as its canonical URL, a feed on B linking to A's
// story, a followed link that redirected to B, are all claims about A's
// article and may not change it. They still record a sighting (the
// caller's), which is what an aggregator's link is.
//
// `edit`: the same source and block sent different content; `previous_hash`
// what that source and block showed last time, or "". `holds_creators_text`
// asks the database whether the article was last written by the source that
// created it (only called when that decides). Returns false when `item` may
// change nothing; else sets `owner`: whether it may overwrite fields, not
// only fill in empty ones and lengthen the body.
bool may_change_article(const ArticleFields& a, const FeedItem& item, std::int64_t source_id,
                        bool edit, const std::string& previous_hash,
                        const std::function<bool()>& holds_creators_text, bool& owner);

// Folds `item` into `a`: an owner overwrites; another sighting only fills in
// what is missing, or a longer body (a full article page beats a feed
// teaser). Returns whether anything changed.
bool fold_item_into(ArticleFields& a, const FeedItem& item, bool owner);

}  // namespace gazette
