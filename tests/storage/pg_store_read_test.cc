// PgStore's reads, search and retention against SQLite's: the same rows in
// both engines (plain SQL both take, times as SQLite stores them), then the
// same answers from both, with spot checks so that the comparison cannot
// pass on two equal mistakes.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <random>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/enclosure_column.h"
#include "storage/postgres/fts5_query.h"
#include "storage/postgres/pg_store.h"
#include "storage/time_format.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

constexpr const char* kSampleRows[] = {
    "INSERT INTO sources(id, kind, url, fetch_url, title, feed_title, tags, interval_seconds,"
    " last_polled, next_poll, last_status, error_count, created, last_document)"
    " VALUES (1, 'feed', 'https://a.example/feed', 'https://a.example/feed', '', 'A feed',"
    " 'news,local', 1800, '2025-11-01T02:00:00Z', '2025-11-01T02:30:00Z', 200, 0,"
    " '2025-10-01T00:00:00Z', '2025-11-01T02:00:00Z')",
    "INSERT INTO sources(id, kind, url, fetch_url, title, tags, interval_seconds, last_polled,"
    " next_poll, last_status, last_error, error_count, created)"
    " VALUES (2, 'page', 'https://b.example/', 'https://b.example/moved', 'B', 'sport', 60,"
    " '2025-11-01T01:00:00Z', '2025-11-02T00:00:00Z', 403, 'blocked: captcha wall', 3,"
    " '2025-10-01T00:00:00Z')",
    "INSERT INTO sources(id, kind, url, fetch_url, title, interval_seconds, created)"
    " VALUES (3, 'feed', 'https://c.example/rss', 'https://c.example/rss', 'C', 900,"
    " '2025-10-01T00:00:00Z')",
    "INSERT INTO sources(id, kind, url, fetch_url, title, interval_seconds, created, disabled_at,"
    " disabled_reason) VALUES (4, 'feed', 'https://d.example/gone', 'https://d.example/gone',"
    " 'D', 60, '2025-10-01T00:00:00Z', '2025-11-01T00:00:00Z', 'HTTP 410 Gone')",
    "INSERT INTO fetches(id, source_id, started, duration_ms, http_status, bytes, error)"
    " VALUES (1, 2, '2025-10-30T00:00:00Z', 10, 200, 100, ''),"
    " (2, 2, '2025-10-31T00:00:00Z', 10, 403, 0, 'blocked: captcha wall'),"
    " (3, 2, '2025-11-01T01:00:00Z', 10, 403, 0, 'blocked: captcha wall')",
    "INSERT INTO stories(id, created, first_published, last_published)"
    " VALUES (1, '2025-11-01T00:00:00Z', '2025-11-01T00:00:00Z', '2025-11-01T01:00:00Z'),"
    " (2, '2025-10-20T00:00:00Z', '2025-10-20T00:00:00Z', '2025-10-20T00:00:00Z')",
    "INSERT INTO articles(id, source_id, guid, url, title, author, summary, content_html,"
    " content_text, image_url, categories, published, updated, first_seen, last_seen,"
    " content_hash, enclosures, story_id) VALUES"
    " (1, 1, 'g1', 'https://a.example/1', 'Harbour ferry delayed', 'Ann', 'Fog again',"
    " '<p>The ferry was late.</p>', 'The ferry was late because of fog.',"
    " 'https://a.example/1.jpg', 'Transport, Local', '2025-11-01T01:00:00Z',"
    " '2025-11-01T01:30:00Z', '2025-11-01T01:05:00Z', '2025-11-01T02:00:00Z', 'h1',"
    " '[{\"url\": \"https://a.example/1.mp3\", \"type\": \"audio/mpeg\", \"length\": 123}]', 1),"
    " (2, 2, '', 'https://b.example/2', 'Lighthouse keeper retires', '', '', '',"
    " 'Forty years at the harbour lighthouse, and not one ship lost.', '', '', NULL, NULL,"
    " '2025-11-01T00:00:00Z', '2025-11-01T00:00:00Z', 'h2', '[]', 1),"
    " (3, 1, '', 'https://a.example/3', 'Market prices', '', '', '',"
    " 'Fish prices fell at the market.', '', 'Economy', '2025-10-30T12:00:00Z', NULL,"
    " '2025-10-30T12:05:00Z', '2025-11-01T00:00:00Z', 'h3', '[]', NULL),"
    " (4, 3, '', 'https://c.example/4', 'Ferry timetable', '', '', '',"
    " 'One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    " sixteen seventeen eighteen nineteen twenty: the winter schedule of the island ferry starts"
    " today, one boat a day, twenty one twenty two twenty three twenty four twenty five twenty six"
    " twenty seven twenty eight.', '', '', '2025-10-20T00:00:00Z', NULL, '2025-10-20T00:00:00Z',"
    " '2025-10-20T00:00:00Z', 'h4', '[]', 2),"
    " (5, 1, '', 'https://a.example/5', 'Old news', '', '', '', 'Nothing new.', '', '',"
    " '2025-09-01T00:00:00Z', NULL, '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z', 'h5', '[]',"
    " NULL),"
    " (6, 3, '', 'https://c.example/6', 'Latest from C', '', '', '', 'Rain tomorrow.', '', '',"
    " '2025-11-01T03:00:00Z', NULL, '2025-11-01T03:00:00Z', '2025-11-01T03:00:00Z', 'h6', '[]',"
    " NULL)",
    "INSERT INTO sightings(article_id, source_id, block, first_seen, last_seen) VALUES"
    " (1, 1, '', '2025-11-01T01:05:00Z', '2025-11-01T02:00:00Z'),"
    " (1, 2, 'Top', '2025-11-01T01:05:00Z', '2025-11-01T01:00:00Z'),"
    " (2, 2, '', '2025-11-01T00:00:00Z', '2025-11-01T00:00:00Z'),"
    " (3, 1, '', '2025-10-30T12:05:00Z', '2025-11-01T00:00:00Z'),"
    " (4, 3, '', '2025-10-20T00:00:00Z', '2025-10-20T00:00:00Z'),"
    " (5, 1, '', '2025-09-01T00:00:00Z', '2025-09-01T00:00:00Z'),"
    " (6, 3, '', '2025-11-01T03:00:00Z', '2025-11-01T03:00:00Z')",
    "INSERT INTO article_keys(key, article_id) VALUES ('k3', 3), ('k5a', 5), ('k5b', 5),"
    " ('k4', 4), ('k6', 6)",
    "INSERT INTO tombstones(key, pruned, seen) VALUES ('old', '2025-01-01T00:00:00Z', NULL),"
    " ('recent', '2025-10-01T00:00:00Z', NULL), ('k5b', '2025-10-01T00:00:00Z', NULL)",
};

// "Now" for the tests: noon on the day of the newest rows.
const UnixTime kNow = *parse_utc("2025-11-01T12:00:00Z");

std::string describe(const ArticleRecord& r) {
  return fmt::format(
      "id={} title={} url={} source_url={} source_title={} tags={} author={} published={} "
      "updated={} first_seen={} last_seen={} summary={} text={} html={} image={} "
      "categories={} seen_in={} enclosures={} story={}",
      r.id, r.title, r.url, r.source_url, r.source_title, fmt::join(r.tags, "|"), r.author,
      r.published, r.updated.value_or("NULL"), r.first_seen, r.last_seen, r.summary, r.content_text,
      r.content_html, r.image_url, fmt::join(r.categories, "|"), r.seen_in,
      enclosures_json(r.enclosures), r.story_id ? std::to_string(*r.story_id) : "NULL");
}

std::string describe(const SearchHit& h) {
  return fmt::format("id={} title={} url={} published={} source={}", h.id, h.title, h.url,
                     h.published, h.source_title);
}

std::string describe(const StoryRow& s) {
  std::string out =
      fmt::format("id={} title={} first={} last={} articles={} sources={}", s.id, s.title,
                  s.first_published, s.last_published, s.articles, s.sources);
  for (const StoryArticleRow& m : s.members)
    out += fmt::format(" [{} {} {} {} {} {}]", m.id, m.title, m.url, m.source_title, m.source_url,
                       m.published);
  return out;
}

std::string describe(const PrunedArticle& a) {
  return fmt::format("id={} source={} {} url={} title={} published={} reason={}", a.id, a.source_id,
                     a.source_url, a.url, a.title, a.published, a.reason);
}

std::string describe(const OpmlOutline& o) {
  return fmt::format("url={} title={} tags={} page={}", o.url, o.title, fmt::join(o.tags, "|"),
                     o.page);
}

template <typename T>
std::vector<std::string> describe_all(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const T& item : items) out.push_back(describe(item));
  return out;
}

class PgStoreRead : public test_support::PgDatabaseTest {
 protected:
  void SetUp() override {
    PgDatabaseTest::SetUp();
    if (IsSkipped()) return;
    store_ = std::make_unique<PgStore>(url(), OpenMode::read_write);
    sqlite_path_ = tmp_.path() / "gazette.db";
    sqlite_ = open_database(sqlite_path_);
  }

  void load_samples() {
    pqxx::nontransaction pg(store_->connection());
    for (const char* sql : kSampleRows) {
      sqlite_->exec(sql);
      pg.exec(sql);
    }
    // The rows came with their ids: new rows (OPML) must get the next ones.
    for (const char* table : {"sources", "articles", "stories", "fetches"})
      pg.exec(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', 'id'), max(id)) FROM {0}",
                          table));
  }

  std::vector<ArticleRecord> pg_articles(const ArticleFilter& filter,
                                         ArticleColumns columns = ArticleColumns::all) {
    std::vector<ArticleRecord> out;
    store_->for_each_article(
        filter, [&](const ArticleRecord& r) { out.push_back(r); }, columns);
    return out;
  }
  std::vector<ArticleRecord> sqlite_articles(const ArticleFilter& filter,
                                             ArticleColumns columns = ArticleColumns::all) {
    std::vector<ArticleRecord> out;
    for_each_article(
        *sqlite_, filter, [&](const ArticleRecord& r) { out.push_back(r); }, columns);
    return out;
  }
  std::int64_t pg_count(const std::string& sql) {
    return pqxx::nontransaction(store_->connection()).exec(sql)[0][0].as<std::int64_t>();
  }
  std::vector<std::int64_t> ids(const SearchResults& results) {
    std::vector<std::int64_t> out;
    for (const SearchHit& h : results.hits) out.push_back(h.id);
    return out;
  }

  test_support::TempDir tmp_;
  std::filesystem::path sqlite_path_;
  std::unique_ptr<SQLite::Database> sqlite_;
  std::unique_ptr<PgStore> store_;
};

TEST_F(PgStoreRead, ArticlesAreSQLitesForEveryFilter) {
  load_samples();
  std::vector<ArticleFilter> filters(8);
  filters[1].since = *parse_utc("2025-10-30T12:00:00Z");
  filters[2].source_url = "https://a.example/feed";
  filters[3].source_url = "https://b.example/moved";  // the fetch url
  filters[4].tag = "local";
  filters[5].tag = "loc";  // a part of a tag is not the tag
  filters[6].limit = 2;
  filters[7].tag = "sport";
  filters[7].since = *parse_utc("2025-11-01T00:00:00Z");
  for (std::size_t i = 0; i < filters.size(); ++i) {
    EXPECT_EQ(describe_all(pg_articles(filters[i])), describe_all(sqlite_articles(filters[i])))
        << "filter " << i;
    EXPECT_EQ(describe_all(pg_articles(filters[i], ArticleColumns::page)),
              describe_all(sqlite_articles(filters[i], ArticleColumns::page)))
        << "filter " << i;
  }
  auto ids_of = [&](const ArticleFilter& f) {
    std::vector<std::int64_t> out;
    for (const ArticleRecord& r : pg_articles(f)) out.push_back(r.id);
    return out;
  };
  EXPECT_EQ(ids_of(filters[0]), (std::vector<std::int64_t>{6, 1, 2, 3, 4, 5}));
  EXPECT_EQ(ids_of(filters[1]), (std::vector<std::int64_t>{6, 1, 2, 3}));
  EXPECT_EQ(ids_of(filters[2]), (std::vector<std::int64_t>{1, 3, 5}));
  EXPECT_EQ(ids_of(filters[3]), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(ids_of(filters[4]), (std::vector<std::int64_t>{1, 3, 5}));
  EXPECT_EQ(ids_of(filters[5]), (std::vector<std::int64_t>{}));
  EXPECT_EQ(ids_of(filters[6]), (std::vector<std::int64_t>{6, 1}));
  EXPECT_EQ(ids_of(filters[7]), (std::vector<std::int64_t>{1, 2}));
  // A cut-off before year 0 (`--since 1000000d`) is "everything".
  ArticleFilter ages_ago;
  ages_ago.since = parse_since("1000000d", kNow);
  EXPECT_EQ(ids_of(ages_ago).size(), 6u);
  EXPECT_EQ(sqlite_articles(ages_ago).size(), 6u);
  ages_ago.since = -100'000'000'000'000;
  EXPECT_EQ(ids_of(ages_ago).size(), 6u);

  std::vector<ArticleRecord> all = pg_articles({});
  const ArticleRecord& first = all[1];  // article 1
  ASSERT_EQ(first.id, 1);
  EXPECT_EQ(first.source_title, "A feed");
  EXPECT_EQ(first.tags, (std::vector<std::string>{"news", "local"}));
  EXPECT_EQ(first.categories, (std::vector<std::string>{"Transport", "Local"}));
  EXPECT_EQ(first.published, "2025-11-01T01:00:00Z");
  EXPECT_EQ(first.updated, "2025-11-01T01:30:00Z");
  EXPECT_EQ(first.seen_in, 2);
  ASSERT_EQ(first.enclosures.size(), 1u);
  EXPECT_EQ(first.enclosures[0].url, "https://a.example/1.mp3");
  EXPECT_EQ(first.enclosures[0].length, 123);
  EXPECT_EQ(first.story_id, 1);
  EXPECT_EQ(first.content_text, "The ferry was late because of fog.");
  const ArticleRecord& second = all[2];  // article 2: no published time
  EXPECT_EQ(second.published, "2025-11-01T00:00:00Z");
  EXPECT_FALSE(second.updated);
  EXPECT_TRUE(second.tags == std::vector<std::string>{"sport"});
  ArticleFilter one;
  one.limit = 1;
  std::vector<ArticleRecord> page = pg_articles(one, ArticleColumns::page);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].content_text, "");
  EXPECT_EQ(page[0].seen_in, 0);
}

TEST_F(PgStoreRead, ManyArticlesComeInBatchesInOrder) {
  load_samples();
  pqxx::nontransaction(store_->connection())
      .exec(
          "INSERT INTO articles(source_id, url, title, first_seen, last_seen, content_hash)"
          " SELECT 3, 'https://c.example/n' || n, 'N' || n,"
          " timestamptz '2024-01-01T00:00:00Z' + n * interval '1 minute',"
          " timestamptz '2024-01-01T00:00:00Z', 'n' || n FROM generate_series(1, 1000) n");
  std::int64_t count = 0;
  std::string previous = "9999";
  store_->for_each_article({}, [&](const ArticleRecord& r) {
    ++count;
    EXPECT_LE(r.published, previous) << r.id;
    previous = r.published;
  });
  EXPECT_EQ(count, 1006);
}

TEST_F(PgStoreRead, AVisitMayReadTheStore) {
  load_samples();
  int visited = 0;
  store_->for_each_article({}, [&](const ArticleRecord&) {
    EXPECT_EQ(store_->status_report(kNow).articles, 6);
    ++visited;
  });
  EXPECT_EQ(visited, 6);
  // Still usable afterwards.
  EXPECT_EQ(store_->sources_as_opml().size(), 4u);
  // A visit may read the articles again.
  int inner = 0;
  store_->for_each_article({}, [&](const ArticleRecord&) {
    store_->for_each_article({}, [&](const ArticleRecord&) { ++inner; });
  });
  EXPECT_EQ(inner, 36);
  // A visit that throws inside a transaction leaves it usable.
  store_->in_transaction([&] {
    EXPECT_THROW(store_->for_each_article(
                     {}, [](const ArticleRecord&) { throw std::runtime_error("stop"); }),
                 std::runtime_error);
    int after = 0;
    store_->for_each_article({}, [&](const ArticleRecord&) { ++after; });
    EXPECT_EQ(after, 6);
  });
}

TEST_F(PgStoreRead, SearchRanksTitleHitsFirst) {
  load_samples();
  // Article 1 has "harbour" in its title, article 2 in its text only.
  SearchResults results = store_->search_articles("harbour", 10);
  EXPECT_EQ(results.order, SearchOrder::relevance);
  EXPECT_EQ(ids(results), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(ids(results), ids(search_articles(*sqlite_, "harbour", 10)));
  ASSERT_TRUE(results.hits[0].rank && results.hits[1].rank);
  EXPECT_LT(*results.hits[0].rank, *results.hits[1].rank);  // lower is better, as bm25
  EXPECT_EQ(describe_all(results.hits),
            describe_all(search_articles(*sqlite_, "harbour", 10).hits));
  EXPECT_EQ(results.hits[0].published, "2025-11-01T01:00:00Z");
  EXPECT_EQ(results.hits[0].source_title, "A feed");
  // A text hit of a long text does not beat a title hit either.
  EXPECT_EQ(ids(store_->search_articles("ferry", 10)).front(), 1);
}

TEST_F(PgStoreRead, SnippetsBracketTheMatchesAndMarkCuts) {
  load_samples();
  SearchResults fog = store_->search_articles("FOG", 10);
  ASSERT_EQ(fog.hits.size(), 1u);
  // ts_headline's fragment ends at a word: the full stop is not shown.
  EXPECT_EQ(fog.hits[0].snippet, "The ferry was late because of [fog]");
  // A title-only match shows the title.
  SearchResults title = store_->search_articles("title:delayed", 10);
  ASSERT_EQ(title.hits.size(), 1u);
  EXPECT_EQ(title.hits[0].snippet, "Harbour ferry [delayed]");
  // A match in the middle of a long text: cut on both sides.
  SearchResults winter = store_->search_articles("winter", 10);
  ASSERT_EQ(winter.hits.size(), 1u);
  const std::string& s = winter.hits[0].snippet;
  EXPECT_NE(s.find("[winter]"), std::string::npos) << s;
  EXPECT_EQ(s.rfind("…", 0), 0u) << s;
  EXPECT_EQ(s.substr(s.size() - std::string("…").size()), "…") << s;
  EXPECT_EQ(s.find('\n'), std::string::npos) << s;
}

TEST_F(PgStoreRead, TooManyMatchesComeNewestFirstUnranked) {
  load_samples();
  SearchResults results = store_->search_articles("ferry OR harbour", 10, 2);
  EXPECT_EQ(results.order, SearchOrder::newest);
  EXPECT_EQ(ids(results), (std::vector<std::int64_t>{4, 2, 1}));
  for (const SearchHit& h : results.hits) EXPECT_FALSE(h.rank);
  EXPECT_EQ(ids(results), ids(search_articles(*sqlite_, "ferry OR harbour", 10, 2)));
  EXPECT_EQ(store_->search_articles("ferry OR harbour", 10, 3).order, SearchOrder::relevance);
  EXPECT_EQ(store_->search_articles("ferry OR harbour", 2, 0).hits.size(), 2u);
}

TEST_F(PgStoreRead, QueriesMeanWhatTheyMeanInSQLite) {
  load_samples();
  const char* queries[] = {
      // accepted by FTS5
      "harbour", "HARBOUR", "title:ferry", "content_text:ferry", "-title:ferry",
      "{title content_text}:harbour", "-{title}:harbour", "Title : ferry", "ferry OR lighthouse",
      "ferry lighthouse", "ferry AND lighthouse", "ferry NOT fog", "ferry NOT fog NOT winter",
      "fer*", "fe * OR ma*", "\"harbour fe\"*", "\"harbou fe\"*", "\"ferry del\"*",
      "title:\"harbour  ferry  de \" *", "\"ferry delayed\"", "\"delayed ferry\"",
      "\"harbour ferry\" + delayed", "title:(ferry OR market)",
      "(ferry OR market) NOT title:market", "x AND (ferry)", "\"\"", "harbour \"\"", "and",
      "ferry OR fog lighthouse", "ferry OR fog AND late", "\"it's\"", "\"a\"\"b\"",
      "title:ferry content_text:late", "market NOT title:(ferry OR harbour)",
      // rejected by FTS5
      "covid-19", "(x) y", "a (b OR c)", "NOT a", "a AND", "a OR OR b", "\"unterminated", "()",
      "a ()", "*a", "a.b", "it's", "x:y", "nosuch:x", "{title}", "title:", "title:x title:(y)",
      "near(a b)", "a,b", "a +", "+a", "a - b"};
  for (const char* query : queries) {
    std::optional<std::vector<std::int64_t>> expected, got;
    try {
      expected = ids(search_articles(*sqlite_, query, 100, 0));
      std::sort(expected->begin(), expected->end());
    } catch (const SearchQueryError&) {
    }
    try {
      got = ids(store_->search_articles(query, 100, 0));
      std::sort(got->begin(), got->end());
    } catch (const SearchQueryError&) {
    }
    EXPECT_EQ(got, expected) << query;
  }
}

// Random queries from FTS5's pieces: accepted exactly when FTS5 accepts them
// (but for what is refused as unsupported), and what is accepted is always
// a valid tsquery, whatever the punctuation.
TEST_F(PgStoreRead, RandomQueriesAreAcceptedAsFTS5AcceptsThem) {
  const char* pieces[] = {"ferry", "a", "OR",    "AND",          "NOT", "(", ")", "\"", "*",    "+",
                          "-",     ":", "title", "content_text", "{",   "}", ",", "^",  "NEAR", " ",
                          " ",     "'", "\\",    "\xc3\xa9",     "x_y", "!", "&", "|",  "<->",  ".",
                          "and"};
  std::mt19937 random(16);
  std::uniform_int_distribution<std::size_t> piece(0, std::size(pieces) - 1), length(1, 7);
  pqxx::nontransaction pg(store_->connection());
  int accepted = 0, refused = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string query;
    for (std::size_t n = length(random); n > 0; --n) query += pieces[piece(random)];
    if (query.find_first_not_of(' ') == std::string::npos) continue;
    bool fts5 = true;
    try {
      search_articles(*sqlite_, query, 10, 0);
    } catch (const SearchQueryError&) {
      fts5 = false;
    }
    std::optional<std::string> tsquery;
    try {
      tsquery = fts5_to_tsquery(query);
    } catch (const SearchQueryError& e) {
      if (std::string(e.what()).find("not supported on PostgreSQL") != std::string::npos) continue;
    }
    EXPECT_EQ(tsquery.has_value(), fts5) << query;
    if (!tsquery) {
      ++refused;
      continue;
    }
    ++accepted;
    EXPECT_NO_THROW(pg.exec_params("SELECT to_tsquery('simple', $1)", *tsquery))
        << query << " -> " << *tsquery;
  }
  // Both kinds were met.
  EXPECT_GT(accepted, 100);
  EXPECT_GT(refused, 100);
}

// Random queries of the sample's words: the same articles match in both.
TEST_F(PgStoreRead, RandomQueriesMatchWhatTheyMatchInSQLite) {
  load_samples();
  const char* pieces[] = {
      "ferry", "harbour", "fog", "the", "late", "market",       "fe", "lighthouse",
      "OR",    "AND",     "NOT", "(",   ")",    "\"",           "*",  "+",
      ":",     "title",   "-",   "{",   "}",    "content_text", " ",  " ",
      " "};
  std::mt19937 random(61);
  std::uniform_int_distribution<std::size_t> piece(0, std::size(pieces) - 1), length(1, 9);
  int compared = 0, matched = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string query;
    for (std::size_t n = length(random); n > 0; --n) query += pieces[piece(random)];
    std::vector<std::int64_t> expected, got;
    try {
      expected = ids(search_articles(*sqlite_, query, 100, 0));
    } catch (const SearchQueryError&) {
      continue;
    }
    got = ids(store_->search_articles(query, 100, 0));
    std::sort(expected.begin(), expected.end());
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, expected) << query << " -> " << fts5_to_tsquery(query);
    ++compared;
    if (!expected.empty()) ++matched;
  }
  EXPECT_GT(compared, 200);
  EXPECT_GT(matched, 100);
}

TEST_F(PgStoreRead, BadQueriesSayWhy) {
  load_samples();
  for (const char* query : {"covid-19", "\"open", "a OR", "   "})
    EXPECT_THROW(store_->search_articles(query, 10), SearchQueryError) << query;
  try {
    store_->search_articles("covid-19", 10);
  } catch (const SearchQueryError& e) {
    EXPECT_NE(std::string(e.what()).find("\"covid-19\""), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no such column: 19"), std::string::npos) << e.what();
  }
  try {
    store_->search_articles("NEAR(ferry fog, 5)", 10);
    FAIL() << "NEAR accepted";
  } catch (const SearchQueryError& e) {
    EXPECT_NE(std::string(e.what()).find("NEAR(...) is not supported on PostgreSQL"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(store_->search_articles("^ferry", 10), SearchQueryError);
  // The store stays usable after a refused query.
  EXPECT_EQ(store_->search_articles("fog", 10).hits.size(), 1u);
}

TEST(Fts5ToTsquery, QuotesEveryOperand) {
  EXPECT_EQ(fts5_to_tsquery("harbour"), "'harbour'");
  EXPECT_EQ(fts5_to_tsquery("title:ferry"), "'ferry':A");
  EXPECT_EQ(fts5_to_tsquery("-title:ferry"), "'ferry':B");
  EXPECT_EQ(fts5_to_tsquery("fer*"), "'fer':*");
  EXPECT_EQ(fts5_to_tsquery("a OR b c"), "('a' | ('b' & 'c'))");
  EXPECT_EQ(fts5_to_tsquery("a NOT b"), "('a' & !'b')");
  EXPECT_EQ(fts5_to_tsquery("\"it's & | ! \\\"\"\""), "'it''s & | ! \\\\\"'");
  EXPECT_EQ(fts5_to_tsquery("\"a b\" + c*"), "'a b' <-> 'c':*");
  EXPECT_EQ(fts5_to_tsquery("title:\"a b  c \"*"), "'a b  ':A <-> 'c':*A");
  EXPECT_EQ(fts5_to_tsquery("\" c\"*"), "' ' <-> 'c':*");
  EXPECT_EQ(fts5_to_tsquery("title:(content_text:x)"), "'x':C");
  EXPECT_EQ(fts5_to_tsquery("\"\""), "' '");
  EXPECT_THROW(fts5_to_tsquery("a & b"), SearchQueryError);
  EXPECT_THROW(fts5_to_tsquery("'a'"), SearchQueryError);
}

TEST_F(PgStoreRead, StoriesAreSQLites) {
  load_samples();
  std::vector<StoryFilter> filters(4);
  filters[1].since = *parse_utc("2025-10-25T00:00:00Z");
  filters[2].min_sources = 2;
  filters[3].limit = 1;
  for (std::size_t i = 0; i < filters.size(); ++i)
    EXPECT_EQ(describe_all(store_->list_stories(filters[i])),
              describe_all(list_stories(*sqlite_, filters[i])))
        << "filter " << i;
  std::vector<StoryRow> all = store_->list_stories({});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, 1);
  EXPECT_EQ(all[0].sources, 2);
  EXPECT_EQ(all[0].title, "Lighthouse keeper retires");  // the first published
  ASSERT_EQ(all[0].members.size(), 2u);
  EXPECT_EQ(all[0].members[0].id, 2);
  EXPECT_EQ(all[0].members[1].source_url, "https://a.example/feed");
  EXPECT_EQ(store_->list_stories(filters[1]).size(), 1u);
}

TEST_F(PgStoreRead, StatusCountsAreSQLites) {
  load_samples();
  StatusReport pg = store_->status_report(kNow);
  StatusReport lite = read_status_report(*sqlite_, sqlite_path_, kNow);
  EXPECT_EQ(pg.sources, 4);
  EXPECT_EQ(pg.sources_ok, 1);
  EXPECT_EQ(pg.sources_failing, 1);
  EXPECT_EQ(pg.sources_never_polled, 1);
  EXPECT_EQ(pg.sources_due, 2);  // a (due 02:30) and c (never scheduled)
  EXPECT_EQ(pg.sources_disabled, 1);
  EXPECT_EQ(pg.sources_blocked, 1);
  EXPECT_EQ(pg.articles, 6);
  EXPECT_EQ(pg.articles_today, 3);
  EXPECT_EQ(pg.articles_this_week, 4);
  ASSERT_TRUE(pg.oldest_failure);
  EXPECT_EQ(pg.oldest_failure->url, "https://b.example/");
  EXPECT_EQ(pg.oldest_failure->failing_since, "2025-10-31T00:00:00Z");
  EXPECT_EQ(pg.oldest_failure->error_count, 3);
  EXPECT_EQ(pg.oldest_failure->last_error, "blocked: captcha wall");
  ASSERT_TRUE(pg.next_poll);
  EXPECT_EQ(pg.next_poll->url, "https://c.example/rss");
  EXPECT_EQ(pg.next_poll->when, "");
  EXPECT_GT(pg.database_bytes, 0);
  EXPECT_EQ(pg.wal_bytes, 0);

  auto counts = [](const StatusReport& r) {
    return std::vector<std::int64_t>{
        r.sources,        r.sources_ok,        r.sources_failing, r.sources_never_polled,
        r.sources_due,    r.sources_disabled,  r.sources_blocked, r.articles,
        r.articles_today, r.articles_this_week};
  };
  EXPECT_EQ(counts(pg), counts(lite));
  ASSERT_TRUE(lite.oldest_failure && lite.next_poll);
  EXPECT_EQ(pg.oldest_failure->failing_since, lite.oldest_failure->failing_since);
  EXPECT_EQ(pg.next_poll->url, lite.next_poll->url);
}

TEST_F(PgStoreRead, OpmlRoundTrip) {
  std::vector<OpmlOutline> outlines(4);
  outlines[0] = {"https://a.example/feed", "A", {"News", "Local"}, false, 2};
  outlines[1] = {"https://b.example/", "", {}, true, 3};
  outlines[2] = {"https://a.example/feed", "A again", {}, false, 4};   // listed twice
  outlines[3] = {"https://c.example/rss", "C \xff", {"x"}, false, 5};  // repaired to UTF-8
  OpmlImportCounts pg = store_->import_opml(outlines, 3600);
  OpmlImportCounts lite = import_opml_outlines(*sqlite_, outlines, 3600);
  EXPECT_EQ(pg.added, 3);
  EXPECT_EQ(pg.duplicates, 1);
  EXPECT_EQ(pg.added, lite.added);
  EXPECT_EQ(pg.duplicates, lite.duplicates);
  std::vector<OpmlOutline> back = store_->sources_as_opml();
  EXPECT_EQ(describe_all(back), describe_all(sources_as_opml(*sqlite_)));
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(describe(back[0]), describe(outlines[0]));
  EXPECT_EQ(describe(back[1]), describe(outlines[1]));
  EXPECT_EQ(back[2].title, "C \xef\xbf\xbd");
  EXPECT_EQ(pg_count("SELECT interval_seconds FROM sources WHERE url = 'https://b.example/'"),
            3600);
  EXPECT_EQ(pg_count("SELECT count(*) FROM sources WHERE config_digest = ''"), 0);
  // Known by the fetch url too; a second import adds nothing.
  pqxx::nontransaction(store_->connection())
      .exec(
          "UPDATE sources SET fetch_url = 'https://b.example/new' WHERE url = "
          "'https://b.example/'");
  OpmlImportCounts again = store_->import_opml(
      {{"https://b.example/new", "", {}, true, 1}, outlines[0], outlines[3]}, 3600);
  EXPECT_EQ(again.added, 0);
  EXPECT_EQ(again.duplicates, 3);
  // Not a source: refused, and nothing of the file is added.
  EXPECT_THROW(
      store_->import_opml(
          {{"https://e.example/", "", {}, false, 1}, {"ftp://x.example/", "", {}, false, 2}}, 3600),
      StorageError);
  EXPECT_EQ(pg_count("SELECT count(*) FROM sources"), 3);
}

TEST_F(PgStoreRead, PruneSelectsWhatSQLitePrunes) {
  load_samples();
  std::vector<RetentionSettings> settings(4);
  settings[0].max_age = std::chrono::hours(24 * 30);
  settings[1].max_per_source = 1;
  settings[2].max_age = std::chrono::hours(1);
  settings[3].max_age = std::chrono::hours(24 * 5);
  settings[3].max_per_source = 2;
  for (std::size_t i = 0; i < settings.size(); ++i)
    EXPECT_EQ(describe_all(store_->prune(settings[i], kNow, true).articles),
              describe_all(prune(*sqlite_, settings[i], kNow, true).articles))
        << "settings " << i;
  auto pruned_ids = [&](const RetentionSettings& s) {
    std::vector<std::int64_t> out;
    for (const PrunedArticle& a : store_->prune(s, kNow, true).articles) out.push_back(a.id);
    return out;
  };
  EXPECT_EQ(pruned_ids(settings[0]), (std::vector<std::int64_t>{5}));
  EXPECT_EQ(pruned_ids(settings[1]), (std::vector<std::int64_t>{5, 4, 3}));
  // Everything is older than an hour: kept are article 1, which source a's
  // latest document showed, and article 6, the highest id.
  EXPECT_EQ(pruned_ids(settings[2]), (std::vector<std::int64_t>{5, 4, 3, 2}));
  EXPECT_TRUE(store_->prune({}, kNow, true).articles.empty());
  RetentionSettings forever;
  forever.max_age = std::chrono::hours(24) * 100'000'000;  // before PostgreSQL's first year
  EXPECT_TRUE(store_->prune(forever, kNow, true).articles.empty());
  EXPECT_EQ(store_->prune(settings[1], kNow, true).articles[0].reason, "max_per_source");
  EXPECT_EQ(store_->prune(settings[0], kNow, true).articles[0].reason, "max_age");
  // A dry run changes nothing.
  EXPECT_EQ(pg_count("SELECT count(*) FROM articles"), 6);
  EXPECT_EQ(pg_count("SELECT count(*) FROM tombstones"), 3);
}

TEST_F(PgStoreRead, PruneDeletesAndLeavesTombstones) {
  load_samples();
  RetentionSettings settings;
  settings.max_age = std::chrono::hours(1);
  PruneResult pg = store_->prune(settings, kNow, false);
  PruneResult lite = prune(*sqlite_, settings, kNow, false);
  EXPECT_EQ(describe_all(pg.articles), describe_all(lite.articles));
  EXPECT_EQ(pg.articles.size(), 4u);
  EXPECT_EQ(pg.tombstones_added, 4);  // k3, k4, k5a and k5b (already one: renewed)
  EXPECT_EQ(pg.tombstones_added, lite.tombstones_added);
  EXPECT_EQ(pg.tombstones_forgotten, 1);  // 'old': more than 180 days
  EXPECT_EQ(pg.tombstones_forgotten, lite.tombstones_forgotten);
  EXPECT_EQ(pg_count("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(pg_count("SELECT count(*) FROM articles WHERE id IN (1, 6)"), 2);
  EXPECT_EQ(pg_count("SELECT count(*) FROM sightings WHERE article_id NOT IN (1, 6)"), 0);
  EXPECT_EQ(pg_count("SELECT count(*) FROM article_keys"), 1);  // k6
  EXPECT_EQ(pg_count("SELECT count(*) FROM tombstones"), 5);
  EXPECT_EQ(pg_count("SELECT count(*) FROM tombstones WHERE key = 'k5b'"
                     " AND pruned = timestamptz '2025-11-01T12:00:00Z'"),
            1);
  // The search index went with the rows.
  EXPECT_TRUE(store_->search_articles("market", 10).hits.empty());
  // A second prune finds nothing more.
  EXPECT_TRUE(store_->prune(settings, kNow, false).articles.empty());
}

TEST_F(PgStoreRead, PruneJoinsAnOpenTransaction) {
  load_samples();
  RetentionSettings settings;
  settings.max_per_source = 1;
  EXPECT_THROW(store_->in_transaction([&] {
    store_->prune(settings, kNow, false);
    throw std::runtime_error("changed my mind");
  }),
               std::runtime_error);
  EXPECT_EQ(pg_count("SELECT count(*) FROM articles"), 6);
}

TEST_F(PgStoreRead, MaintainAnalyzes) {
  load_samples();
  EXPECT_EQ(store_->maintain(), 0);
  // Planner statistics: a table never analyzed has reltuples -1.
  EXPECT_EQ(pg_count("SELECT reltuples::bigint FROM pg_class WHERE relname = 'articles'"), 6);
}

}  // namespace
}  // namespace gazette
