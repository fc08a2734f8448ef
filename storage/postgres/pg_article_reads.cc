// The read API's queries on PostgreSQL: articles, stories, status, OPML.
// Each keeps the meaning of its SQLite twin (article_selection.h,
// story_list.h, status_report.h, opml_sources.h); the views are the same,
// only the SQL around them differs (times are timestamptz in the tables,
// ISO-8601 text in the views).
#include <fmt/format.h>

#include <atomic>
#include <pqxx/pqxx>

#include "base/clock.h"
#include "base/text.h"
#include "feeds/charset.h"
#include "feeds/url_normalize.h"
#include "storage/enclosure_column.h"
#include "storage/postgres/pg_store.h"
#include "storage/postgres/pg_time.h"

namespace gazette {
namespace {

// Rows travel from the server in batches of this many through a cursor, so
// an export of a million articles holds one batch in memory, not all.
constexpr int kArticleBatch = 256;

// {} are the columns `page` leaves out (content_text, seen_in), as in
// storage/article_selection.cc; the filters and the order are SQLite's
// (`published` is the view's text, which orders as the times do).
constexpr const char* kArticlesSql = R"sql(
SELECT id, title, url, source_url, source_title, tags, author, published, updated,
       first_seen, last_seen, summary, {}, content_html, image_url, categories, {},
       enclosures, story_id
FROM articles_v v
WHERE ({since}::timestamptz IS NULL
       -- SQLite's `published >= since` (as text), through the index on the time.
       OR v.id IN (SELECT id FROM articles WHERE coalesce(published, first_seen) >= {since}))
  AND ({source} = '' OR EXISTS (SELECT 1 FROM sightings x JOIN sources s ON s.id = x.source_id
                                WHERE x.article_id = v.id
                                  AND (s.url = {source} OR s.fetch_url = {source})))
  AND ({tag} = '' OR EXISTS (SELECT 1 FROM sightings x JOIN sources s ON s.id = x.source_id
                             WHERE x.article_id = v.id
                               AND strpos(',' || s.tags || ',', ',' || {tag} || ',') > 0))
ORDER BY published DESC, id DESC
LIMIT {limit}
)sql";

void read_text(const pqxx::field& f, std::string& out) { out.assign(f.c_str(), f.size()); }

void read_article(const pqxx::row& row, ArticleRecord& r) {
  r.id = row[0].as<std::int64_t>();
  read_text(row[1], r.title);
  read_text(row[2], r.url);
  read_text(row[3], r.source_url);
  read_text(row[4], r.source_title);
  split_list_column(std::string_view(row[5].c_str(), row[5].size()), r.tags);
  read_text(row[6], r.author);
  read_text(row[7], r.published);
  if (row[8].is_null())
    r.updated.reset();
  else
    read_text(row[8], r.updated.emplace());
  read_text(row[9], r.first_seen);
  read_text(row[10], r.last_seen);
  read_text(row[11], r.summary);
  read_text(row[12], r.content_text);
  read_text(row[13], r.content_html);
  read_text(row[14], r.image_url);
  split_list_column(std::string_view(row[15].c_str(), row[15].size()), r.categories);
  r.seen_in = row[16].as<int>();
  r.enclosures = parse_enclosures_json(std::string_view(row[17].c_str(), row[17].size()));
  r.story_id.reset();
  if (!row[18].is_null()) r.story_id = row[18].as<std::int64_t>();
}

}  // namespace

void PgStore::for_each_article(const ArticleFilter& filter,
                               const std::function<void(const ArticleRecord&)>& visit,
                               ArticleColumns columns) {
  bool all = columns == ArticleColumns::all;
  // A name of its own: a visit may read articles again (a cursor inside).
  static std::atomic<std::uint64_t> cursors{0};
  const std::string cursor = fmt::format("gazette_articles_{}", ++cursors);
  with_transaction([&](pqxx::work& tx) {
    // A cursor lives in its transaction: `visit` runs inside it, and what it
    // asks of this store joins it rather than opening a second one on the
    // same connection (which libpqxx refuses).
    pqxx::work* outer = open_transaction_;
    open_transaction_ = &tx;
    bool declared = false;
    try {
      std::string since = filter.since ? pg_timestamp(tx, *filter.since) : "NULL";
      std::string source = tx.quote(filter.source_url), tag = tx.quote(filter.tag);
      tx.exec(fmt::format(
          "DECLARE {} NO SCROLL CURSOR FOR {}", cursor,
          fmt::format(kArticlesSql, all ? "content_text" : "''", all ? "seen_in" : "0",
                      fmt::arg("since", since), fmt::arg("source", source), fmt::arg("tag", tag),
                      // SQLite reads a negative LIMIT as none.
                      fmt::arg("limit", filter.limit && *filter.limit >= 0 ? tx.quote(*filter.limit)
                                                                           : "ALL"))));
      declared = true;
      ArticleRecord record;
      for (;;) {
        pqxx::result batch =
            tx.exec(fmt::format("FETCH FORWARD {} FROM {}", kArticleBatch, cursor));
        for (const pqxx::row& row : batch) {
          read_article(row, record);
          visit(record);
        }
        if (batch.size() < static_cast<std::size_t>(kArticleBatch)) break;
      }
      declared = false;
      tx.exec("CLOSE " + cursor);
    } catch (...) {
      open_transaction_ = outer;
      // A visit that threw leaves a usable transaction (an outer one goes
      // on): close the cursor. After an SQL error nothing more runs in it.
      if (declared) {
        try {
          tx.exec("CLOSE " + cursor);
        } catch (const std::exception&) {
        }
      }
      throw;
    }
    open_transaction_ = outer;
  });
}

std::vector<StoryRow> PgStore::list_stories(const StoryFilter& filter) {
  std::vector<StoryRow> out;
  with_transaction([&](pqxx::work& tx) {
    // stories_v is an aggregate grouped by story id: PostgreSQL applies the
    // condition on story_id before aggregating, so only the stories the
    // stories table's time index names are computed.
    std::string since = filter.since ? pg_timestamp(tx, *filter.since) : "NULL";
    pqxx::result stories = tx.exec(fmt::format(
        "SELECT story_id, title, first_published, last_published, articles, sources "
        "FROM stories_v WHERE story_id IN (SELECT id FROM stories "
        "WHERE {0}::timestamptz IS NULL OR last_published >= {0}) AND sources >= {1} "
        "ORDER BY sources DESC, articles DESC, last_published DESC, story_id DESC LIMIT {2}",
        since, tx.quote(filter.min_sources),
        filter.limit >= 0 ? tx.quote(filter.limit) : std::string("ALL")));
    for (const pqxx::row& row : stories) {
      StoryRow s;
      s.id = row[0].as<std::int64_t>();
      s.title = row[1].as<std::string>("");
      s.first_published = row[2].as<std::string>("");
      s.last_published = row[3].as<std::string>("");
      s.articles = row[4].as<std::int64_t>();
      s.sources = row[5].as<std::int64_t>();
      out.push_back(std::move(s));
    }
    for (StoryRow& s : out)
      for (const pqxx::row& m :
           tx.exec_params("SELECT id, title, url, source_title, source_url, published "
                          "FROM articles_v WHERE story_id = $1 ORDER BY published, id",
                          s.id))
        s.members.push_back({m[0].as<std::int64_t>(), m[1].as<std::string>(),
                             m[2].as<std::string>(), m[3].as<std::string>(), m[4].as<std::string>(),
                             m[5].as<std::string>()});
  });
  return out;
}

StatusReport PgStore::status_report(UnixTime now) {
  constexpr UnixTime kDay = 24 * 60 * 60;
  StatusReport report;
  auto read = [&](pqxx::transaction_base& tx) {
    std::string at = pg_timestamp(tx, now);
    pqxx::row counts = tx.exec1(fmt::format(
        "SELECT count(*),"
        " count(*) FILTER (WHERE enabled AND error_count = 0 AND last_polled IS NOT NULL),"
        " count(*) FILTER (WHERE enabled AND error_count > 0),"
        " count(*) FILTER (WHERE enabled AND error_count = 0 AND last_polled IS NULL),"
        " count(*) FILTER (WHERE enabled AND (next_poll IS NULL OR next_poll <= {})),"
        " count(*) FILTER (WHERE NOT enabled),"
        " count(*) FILTER (WHERE enabled AND error_count > 0"
        "                  AND substr(last_error, 1, 8) = 'blocked:')"
        " FROM (SELECT *, disabled_at IS NULL AS enabled FROM sources) s",
        at));
    report.sources = counts[0].as<std::int64_t>();
    report.sources_ok = counts[1].as<std::int64_t>();
    report.sources_failing = counts[2].as<std::int64_t>();
    report.sources_never_polled = counts[3].as<std::int64_t>();
    report.sources_due = counts[4].as<std::int64_t>();
    report.sources_disabled = counts[5].as<std::int64_t>();
    report.sources_blocked = counts[6].as<std::int64_t>();

    pqxx::result oldest = tx.exec(
        "SELECT url, coalesce(failing_since, ''), error_count, last_error FROM sources_v"
        " WHERE error_count > 0 AND disabled_at IS NULL"
        " ORDER BY failing_since IS NULL, failing_since, error_count DESC, id LIMIT 1");
    if (!oldest.empty())
      report.oldest_failure =
          OldestFailure{oldest[0][0].as<std::string>(), oldest[0][1].as<std::string>(),
                        oldest[0][2].as<int>(), oldest[0][3].as<std::string>()};

    pqxx::result next = tx.exec(
        "SELECT url, coalesce(gazette_iso8601(next_poll), '') FROM sources"
        " WHERE disabled_at IS NULL ORDER BY next_poll IS NOT NULL, next_poll, id LIMIT 1");
    if (!next.empty())
      report.next_poll = NextPoll{next[0][0].as<std::string>(), next[0][1].as<std::string>()};

    UnixTime today = now - ((now % kDay) + kDay) % kDay;
    pqxx::row articles =
        tx.exec1(fmt::format("SELECT count(*), count(*) FILTER (WHERE first_seen >= {}),"
                             " count(*) FILTER (WHERE first_seen >= {}) FROM articles",
                             pg_timestamp(tx, today), pg_timestamp(tx, now - 7 * kDay)));
    report.articles = articles[0].as<std::int64_t>();
    report.articles_today = articles[1].as<std::int64_t>();
    report.articles_this_week = articles[2].as<std::int64_t>();

    // The whole database's size on the server (tables, indexes, TOAST); a
    // PostgreSQL server has no -wal file per database: its WAL is the
    // cluster's, shared by every database, so wal_bytes stays 0.
    report.database_bytes =
        tx.exec1("SELECT pg_database_size(current_database())")[0].as<std::int64_t>();
    report.wal_bytes = 0;
  };
  if (open_transaction_) {
    read(*open_transaction_);
  } else {
    // One snapshot for every number, even while pollers commit (SQLite: one
    // read transaction).
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> snapshot(*connection_);
    read(snapshot);
    snapshot.commit();
  }
  return report;
}

OpmlImportCounts PgStore::import_opml(const std::vector<OpmlOutline>& outlines,
                                      std::int64_t default_interval_seconds) {
  OpmlImportCounts counts;
  with_transaction([&](pqxx::work& tx) {
    const UnixTime now = unix_now();
    for (const OpmlOutline& o : outlines) {
      // The checks SourceStore::upsert makes of every source, whoever adds
      // it: an absolute http(s) URL, valid UTF-8 text.
      if (!is_absolute_http_url(o.url))
        throw StorageError(fmt::format("source {}: not an absolute http(s) URL", o.url));
      SourceConfig source;
      source.kind = o.page ? SourceKind::page : SourceKind::feed;
      source.url = o.url;
      source.title = o.title;
      source.tags = o.tags;
      std::string title = source.title, tags = join(source.tags, ",");
      repair_utf8(title);
      repair_utf8(tags);
      // A source already known by its url or its fetch url is left as it is
      // (so is one listed earlier in the file, inserted just before).
      pqxx::result added = tx.exec_params(
          "INSERT INTO sources (kind, url, fetch_url, title, tags, interval_seconds, created,"
          " config_digest)"
          " SELECT $1, $2, $2, $3, $4, $5, to_timestamp($6), $7"
          " WHERE NOT EXISTS (SELECT 1 FROM sources WHERE url = $2 OR fetch_url = $2)"
          " ON CONFLICT (url) DO NOTHING RETURNING id",
          to_string(source.kind), source.url, title, tags, default_interval_seconds, now,
          source_config_digest(source, default_interval_seconds));
      if (added.empty())
        ++counts.duplicates;
      else
        ++counts.added;
    }
  });
  return counts;
}

std::vector<OpmlOutline> PgStore::sources_as_opml() {
  std::vector<OpmlOutline> outlines;
  with_transaction([&](pqxx::work& tx) {
    for (const pqxx::row& row :
         tx.exec("SELECT url, CASE WHEN title <> '' THEN title ELSE feed_title END, kind, tags"
                 " FROM sources ORDER BY id")) {
      OpmlOutline o;
      o.url = row[0].as<std::string>();
      o.title = row[1].as<std::string>();
      o.page = row[2].as<std::string>() == to_string(SourceKind::page);
      o.tags = split(row[3].as<std::string>(), ',');  // as SourceStore reads them
      outlines.push_back(std::move(o));
    }
  });
  return outlines;
}

}  // namespace gazette
