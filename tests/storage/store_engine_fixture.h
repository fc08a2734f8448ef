// The engine suite's fixture: a test written once against Store& runs on
// every engine, each one StoreEngineCase. SQLite opens a file in a temporary
// folder; PostgreSQL a fresh database of the binary's throwaway cluster
// (tests/support/pg_cluster.h), its cases skipped, saying so, when the
// server binaries are absent (the SQLite ones still run).
//
// A test file derives its own fixture from StoreEngineTest (gtest names
// each instantiation by fixture, so every file needs one) and instantiates
// it on all engines:
//   class StoreRetentionTest : public test_support::StoreEngineTest {};
//   TEST_P(StoreRetentionTest, ...) { ... }
//   GAZETTE_INSTANTIATE_STORE_ENGINES(StoreRetentionTest);
// The files go into test_storage_pg, the binary with the cluster support.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "storage/store.h"
#include "tests/storage/poll_items.h"
#include "tests/storage/view_rows.h"
#include "tests/support/temp_dir.h"

namespace gazette::test_support {

// One engine: how to create an empty store (its database setting, "" when
// the engine cannot run here: its tests are skipped, saying why), and how a
// test reads or writes the engine's tables directly, for what Store& does
// not show.
struct StoreEngineCase {
  const char* name;
  std::string (*create)(const std::filesystem::path& dir);
  Rows (*rows)(Store& store, const std::string& sql);
  void (*exec)(Store& store, const std::string& sql);
  // A timestamp column as the views print it (ISO-8601 text): an fmt
  // pattern around the column's name.
  const char* iso8601;
  // How many articles the full-text index finds for one plain word: an fmt
  // pattern around the word (SQLite: articles_fts; PostgreSQL: the
  // generated tsvector column articles.search, docs/schema.md).
  const char* index_count;
  const char* skip_message;
};

// gtest names the case by the engine, not by the struct's bytes.
void PrintTo(const StoreEngineCase& engine, std::ostream* out);

// SQLite and PostgreSQL, for INSTANTIATE_TEST_SUITE_P.
const std::vector<StoreEngineCase>& store_engines();
std::string store_engine_name(const ::testing::TestParamInfo<StoreEngineCase>& info);

class StoreEngineTest : public ::testing::TestWithParam<StoreEngineCase> {
 protected:
  void SetUp() override;

  StoreEngine engine() const { return store_->engine(); }
  // Closes the store and opens the same database again: a restart.
  void reopen();

  std::int64_t add(const std::string& url, std::vector<std::string> tags = {});
  std::int64_t add_source(const std::string& url) { return add(url); }
  static PollDocument document(std::int64_t source, std::vector<FeedItem> items,
                               UnixTime now = kNow);
  // Records `documents` and fails the test on any document's error.
  std::vector<StoreCounts> record(std::vector<PollDocument> documents);
  // One document in a transaction of its own; rethrows its error.
  StoreCounts record(const FetchOutcome& outcome, const std::vector<FeedItem>& items, UnixTime now);
  std::vector<std::string> titles(const ArticleFilter& filter = {});

  // The engine's own tables: the rows of `sql`, the first column of the
  // first row (nullopt for none or NULL), as text or a number.
  Rows rows(const std::string& sql) { return GetParam().rows(*store_, sql); }
  void exec(const std::string& sql) { GetParam().exec(*store_, sql); }
  std::optional<std::string> value(const std::string& sql);
  std::string text(const std::string& sql) { return value(sql).value_or("<null>"); }
  std::int64_t count(const std::string& sql) { return std::stoll(text(sql)); }
  std::string iso8601(const std::string& column) const;
  std::int64_t index_count(const std::string& word);

  TempDir tmp_;
  std::string database_;  // the setting the store was opened with
  std::unique_ptr<Store> store_;
};

}  // namespace gazette::test_support

#define GAZETTE_INSTANTIATE_STORE_ENGINES(fixture)                                        \
  INSTANTIATE_TEST_SUITE_P(Engines, fixture,                                              \
                           ::testing::ValuesIn(::gazette::test_support::store_engines()), \
                           ::gazette::test_support::store_engine_name)
