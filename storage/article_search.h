// Full-text search over articles through the articles_fts index (schema
// version 2): FTS5 query syntax, best matches first, title hits favoured.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
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
  std::string snippet;  // matched terms in [brackets], cut with "…"
  double rank = 0;      // bm25 with title weight 10: lower is better
};

// Throws SearchQueryError for a malformed query; other SQLite errors pass.
std::vector<SearchHit> search_articles(SQLite::Database& db, const std::string& query, int limit);

}  // namespace gazette
