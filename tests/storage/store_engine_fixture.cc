#include "tests/storage/store_engine_fixture.h"

#include <fmt/format.h>

#include <pqxx/pqxx>
#include <utility>

#include "storage/postgres/pg_store.h"
#include "storage/sqlite_store.h"
#include "tests/storage/poll_items.h"
#include "tests/support/pg_cluster.h"

namespace gazette::test_support {
namespace {

std::string create_sqlite(const std::filesystem::path& dir) { return (dir / "store.db").string(); }
Rows sqlite_rows_of(Store& store, const std::string& sql) {
  return sqlite_rows(dynamic_cast<SqliteStore&>(store).database(), sql);
}
void sqlite_exec(Store& store, const std::string& sql) {
  dynamic_cast<SqliteStore&>(store).database().exec(sql);
}

std::string create_postgres(const std::filesystem::path&) {
  PgCluster* cluster = PgCluster::shared();
  if (!cluster) return "";
  static int databases = 0;
  return cluster->create_database("gazette_engine_" + std::to_string(++databases));
}
Rows postgres_rows_of(Store& store, const std::string& sql) {
  return postgres_rows(dynamic_cast<PgStore&>(store).connection(), sql);
}
void postgres_exec(Store& store, const std::string& sql) {
  pqxx::work tx(dynamic_cast<PgStore&>(store).connection());
  tx.exec(sql);
  tx.commit();
}

}  // namespace

void PrintTo(const StoreEngineCase& engine, std::ostream* out) { *out << engine.name; }

const std::vector<StoreEngineCase>& store_engines() {
  static const std::vector<StoreEngineCase> engines = {
      {"sqlite", &create_sqlite, &sqlite_rows_of, &sqlite_exec, "{}",
       "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '{}'", ""},
      {"postgresql", &create_postgres, &postgres_rows_of, &postgres_exec, "gazette_iso8601({})",
       "SELECT count(*) FROM articles WHERE search @@ to_tsquery('simple', '{}')", kPgSkipMessage},
  };
  return engines;
}

std::string store_engine_name(const ::testing::TestParamInfo<StoreEngineCase>& info) {
  return info.param.name;
}

void StoreEngineTest::SetUp() {
  database_ = GetParam().create(tmp_.path());
  if (database_.empty()) GTEST_SKIP() << GetParam().skip_message;
  store_ = open_store(database_, OpenMode::read_write);
}

void StoreEngineTest::reopen() {
  store_.reset();
  store_ = open_store(database_, OpenMode::read_write);
}

std::int64_t StoreEngineTest::add(const std::string& url, std::vector<std::string> tags) {
  SourceConfig s = feed_source(url);
  s.tags = std::move(tags);
  return store_->upsert_source(s, 1800);
}

PollDocument StoreEngineTest::document(std::int64_t source, std::vector<FeedItem> items,
                                       UnixTime now) {
  PollDocument d;
  d.outcome.source_id = source;
  d.outcome.started = now;
  d.outcome.http_status = 200;
  d.items = std::move(items);
  d.now = now;
  return d;
}

std::vector<StoreCounts> StoreEngineTest::record(std::vector<PollDocument> documents) {
  std::vector<StoreCounts> counts;
  for (RecordResult& r : store_->record_polls(documents)) {
    EXPECT_EQ(r.error, nullptr);
    counts.push_back(r.counts);
  }
  return counts;
}

StoreCounts StoreEngineTest::record(const FetchOutcome& outcome, const std::vector<FeedItem>& items,
                                    UnixTime now) {
  std::vector<RecordResult> results = store_->record_polls({PollDocument{outcome, items, now}});
  if (results.at(0).error) std::rethrow_exception(results[0].error);
  return results[0].counts;
}

std::vector<std::string> StoreEngineTest::titles(const ArticleFilter& filter) {
  std::vector<std::string> out;
  store_->for_each_article(filter, [&](const ArticleRecord& a) { out.push_back(a.title); });
  return out;
}

std::optional<std::string> StoreEngineTest::value(const std::string& sql) {
  Rows found = rows(sql);
  if (found.empty() || found[0].empty()) return std::nullopt;
  return found[0][0];
}

std::string StoreEngineTest::iso8601(const std::string& column) const {
  return fmt::format(fmt::runtime(GetParam().iso8601), column);
}

std::int64_t StoreEngineTest::index_count(const std::string& word) {
  return count(fmt::format(fmt::runtime(GetParam().index_count), word));
}

}  // namespace gazette::test_support
