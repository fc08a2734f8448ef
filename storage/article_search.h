// Full-text search over articles through the articles_fts index (schema
// version 2): FTS5 query syntax, best matches first, title hits favoured.
//
// Ranking costs time in proportion to the number of matches (FTS5 computes
// bm25 for each, and a phrase's document frequency by reading every
// match): a query that matches most of a million articles takes seconds.
// So a query with more than `rank_window` matches is not ranked: it shows
// the most recently stored matches first, which is cheap at any size.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace gazette {

// The query is not valid FTS5 syntax (e.g. an unbalanced quote, a bare `-`).
class SearchQueryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SearchHit {
  std::int64_t id = 0;
  std::string title;
  std::string url;
  std::string published;  // coalesce(published, first_seen)
  std::string source_title;
  std::string snippet;         // matched terms in [brackets], cut with "…"
  std::optional<double> rank;  // bm25 with title weight 10, lower is better; none when not ranked
};

enum class SearchOrder {
  relevance,  // bm25, best first
  newest,     // too many matches to rank: the most recently stored first
};

struct SearchResults {
  std::vector<SearchHit> hits;
  SearchOrder order = SearchOrder::relevance;
};

inline constexpr std::int64_t kDefaultRankWindow = 1000;

// Ranks by relevance when at most `rank_window` articles match (all of them
// when rank_window <= 0). Throws SearchQueryError for a malformed query;
// other SQLite errors pass.
SearchResults search_articles(SQLite::Database& db, const std::string& query, int limit,
                              std::int64_t rank_window = kDefaultRankWindow);

}  // namespace gazette
