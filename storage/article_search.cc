#include "storage/article_search.h"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <sqlite3.h>

namespace gazette {
namespace {

// `rank` is bm25(articles_fts, 10.0, 1.0), configured in migration 2; using
// the rank column lets FTS5 sort inside the index for ORDER BY rank LIMIT n.
// Unranked, FTS5 walks its index newest rowid first and stops after ?2 rows;
// selecting NULL for the rank matters: reading it would rank every match.
constexpr const char* kSearchSql = R"sql(
SELECT a.id, a.title, a.url, coalesce(a.published, a.first_seen),
       CASE WHEN s.title != '' THEN s.title ELSE s.feed_title END,
       snippet(articles_fts, -1, '[', ']', '…', 16), {}
FROM articles_fts f
JOIN articles a ON a.id = f.rowid
JOIN sources s ON s.id = a.source_id
WHERE articles_fts MATCH ?1
ORDER BY {}
LIMIT ?2
)sql";

// How many articles match, counting no further than `cap`.
constexpr const char* kCountSql =
    "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ?1 LIMIT ?2)";

// FTS5 cuts snippets across paragraph breaks: show them on one line.
std::string one_line(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

SearchResults search_articles(SQLite::Database& db, const std::string& query, int limit,
                              std::int64_t rank_window) {
  if (query.find_first_not_of(" \t\r\n") == std::string::npos)
    throw SearchQueryError("empty search query");
  SearchResults results;
  try {
    if (rank_window > 0) {
      SQLite::Statement count(db, kCountSql);
      count.bind(1, query);
      count.bind(2, rank_window + 1);
      if (count.executeStep() && count.getColumn(0).getInt64() > rank_window)
        results.order = SearchOrder::newest;
    }
    bool ranked = results.order == SearchOrder::relevance;
    SQLite::Statement q(db, fmt::format(kSearchSql, ranked ? "f.rank" : "NULL",
                                        ranked ? "f.rank" : "f.rowid DESC"));
    q.bind(1, query);
    q.bind(2, limit);
    while (q.executeStep()) {
      SearchHit hit;
      hit.id = q.getColumn(0).getInt64();
      hit.title = q.getColumn(1).getString();
      hit.url = q.getColumn(2).getString();
      hit.published = q.getColumn(3).getString();
      hit.source_title = q.getColumn(4).getString();
      hit.snippet = one_line(q.getColumn(5).getString());
      if (ranked) hit.rank = q.getColumn(6).getDouble();
      results.hits.push_back(std::move(hit));
    }
  } catch (const SQLite::Exception& e) {
    // FTS5 reports a malformed MATCH expression as a plain SQLITE_ERROR
    // ("fts5: syntax error near ...", "no such column: ..."); busy, I/O and
    // corruption errors have their own codes and pass through.
    if (e.getErrorCode() == SQLITE_ERROR)
      throw SearchQueryError(
          fmt::format("search query {:?} is not valid FTS5 syntax ({}); put phrases and words with "
                      "punctuation in double quotes, e.g. '\"covid-19\"'",
                      query, e.what()));
    throw;
  }
  return results;
}

}  // namespace gazette
