// A fresh database in a temporary folder for each test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "storage/database.h"
#include "storage/poll_recorder.h"
#include "storage/source_store.h"

namespace gazette::testing {

class TempDatabase : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("gazette-storage-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    path_ = dir_ / "test.db";
    db_ = open_database(path_);
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

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

  std::filesystem::path dir_;
  std::filesystem::path path_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace gazette::testing
