// Full-text search on PostgreSQL: the FTS5 query (fts5_query.h) as a
// tsquery over articles.search (a generated tsvector with a GIN index), the
// contract of storage/article_search.h. Ranking (docs/querying.md): ts_rank
// with title lexemes (weight A) worth 1.0 and text lexemes (weight B) 0.1,
// so a title hit counts ten times a text hit as in SQLite's bm25(10, 1);
// normalization 1 divides by 1 + log(length), so long texts do not win by
// length alone. SearchHit::rank is minus ts_rank: lower is better, as bm25.
#include <fmt/format.h>

#include <pqxx/pqxx>

#include "storage/postgres/fts5_query.h"
#include "storage/postgres/pg_store.h"

namespace gazette {
namespace {

// {D, C, B, A}: only A (title) and B (text) occur in articles.search.
constexpr const char* kWeights = "'{0.1, 0.1, 0.1, 1.0}'::float4[]";

// The hits: {order} picks them (ranked: best first; unranked: the most
// recently stored first, which the GIN index and the primary key answer
// without ranking every match). The snippet is ts_headline of the column
// that matches (the text when it does, else the title), at most 16 words
// around the first match, with flags saying whether it starts where the
// column starts and ends where it ends: compared on letters and digits
// only, as ts_headline leaves out the punctuation around a fragment. Line
// breaks and runs of white space become one space, as in SQLite's snippets.
constexpr const char* kSearchSql = R"sql(
WITH q AS (SELECT to_tsquery('simple', $1) AS q),
hits AS (
  SELECT a.id, {rank} AS rank FROM articles a, q WHERE a.search @@ q.q
  ORDER BY {order} LIMIT $2
),
shown AS (
  SELECT h.id, h.rank, a.title, a.url, coalesce(a.published, a.first_seen) AS published,
         CASE WHEN s.title <> '' THEN s.title ELSE s.feed_title END AS source_title,
         CASE WHEN a.content_text <> ''
                   AND setweight(to_tsvector('simple', left(a.content_text, 131072)), 'B') @@ q.q
              THEN a.content_text ELSE a.title END AS body,
         q.q
  FROM hits h JOIN articles a ON a.id = h.id JOIN sources s ON s.id = a.source_id, q
),
cut AS (
  SELECT shown.*,
         ts_headline('simple', body, q, 'StartSel=[, StopSel=], MaxWords=16, MinWords=8, ShortWord=0, MaxFragments=1') AS headline
  FROM shown
)
SELECT id, title, url, gazette_iso8601(published), source_title,
       btrim(regexp_replace(headline, '[ \t\r\n]+', ' ', 'g')),
       starts_with(regexp_replace(body, '[^[:alnum:]]+', '', 'g'),
                   regexp_replace(headline, '[^[:alnum:]]+', '', 'g')),
       right(regexp_replace(body, '[^[:alnum:]]+', '', 'g'),
             length(regexp_replace(headline, '[^[:alnum:]]+', '', 'g')))
         = regexp_replace(headline, '[^[:alnum:]]+', '', 'g'),
       rank
FROM cut ORDER BY {order}
)sql";

// How many articles match, counting no further than $2.
constexpr const char* kCountSql =
    "SELECT count(*) FROM (SELECT 1 FROM articles"
    " WHERE search @@ to_tsquery('simple', $1) LIMIT $2) m";

}  // namespace

SearchResults PgStore::search_articles(const std::string& query, int limit,
                                       std::int64_t rank_window) {
  if (query.find_first_not_of(" \t\r\n") == std::string::npos)
    throw SearchQueryError("empty search query");
  const std::string tsquery = fts5_to_tsquery(query);
  SearchResults results;
  with_transaction([&](pqxx::work& tx) {
    // to_tsquery tells of operands without words ("", "...") by a notice,
    // which libpqxx would print on stderr.
    tx.exec("SET LOCAL client_min_messages = warning");
    if (rank_window > 0 &&
        tx.exec_params(kCountSql, tsquery, rank_window + 1)[0][0].as<std::int64_t>() > rank_window)
      results.order = SearchOrder::newest;
    bool ranked = results.order == SearchOrder::relevance;
    std::string sql = fmt::format(
        kSearchSql,
        fmt::arg("rank", ranked ? fmt::format("-ts_rank({}, a.search, q.q, 1)", kWeights)
                                : std::string("NULL::float8")),
        fmt::arg("order", ranked ? "rank, id DESC" : "id DESC"));
    for (const pqxx::row& row : tx.exec_params(sql, tsquery, limit)) {
      SearchHit hit;
      hit.id = row[0].as<std::int64_t>();
      hit.title = row[1].as<std::string>();
      hit.url = row[2].as<std::string>();
      hit.published = row[3].as<std::string>();
      hit.source_title = row[4].as<std::string>();
      // FTS5's snippet marks a cut with "…" on that side; so does this.
      hit.snippet = row[5].as<std::string>();
      if (!hit.snippet.empty()) {
        if (!row[6].as<bool>()) hit.snippet.insert(0, "…");
        if (!row[7].as<bool>()) hit.snippet += "…";
      }
      if (ranked) hit.rank = row[8].as<double>();
      results.hits.push_back(std::move(hit));
    }
  });
  return results;
}

}  // namespace gazette
