// A fresh database in a temporary folder for each test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "storage/database.h"
#include "storage/poll_recorder.h"
#include "storage/source_store.h"
#include "tests/support/temp_dir.h"

namespace gazette::test_support {

class TempDatabase : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tmp_.path();
    path_ = dir_ / "test.db";
    db_ = open_database(path_);
  }
  void TearDown() override { db_.reset(); }

  std::int64_t add_source(const std::string& url) {
    SourceConfig s;
    s.url = url;
    return SourceStore(*db_).upsert(s, 1800);
  }
  // A successful fetch of `source`, for recording polls.
  static FetchOutcome fetched(std::int64_t source) {
    FetchOutcome o;
    o.source_id = source;
    o.started = 1'700'000'100;
    o.http_status = 200;
    return o;
  }
  std::int64_t count(const std::string& sql) { return db_->execAndGet(sql).getInt64(); }
  std::string text(const std::string& sql) { return db_->execAndGet(sql).getString(); }

  TempDir tmp_;
  std::filesystem::path dir_;  // tmp_.path()
  std::filesystem::path path_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace gazette::test_support
