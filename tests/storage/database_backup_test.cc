// gazette backup (storage/database_backup.h): a consistent copy while
// another connection writes. SQLite only: the copy is SQLite's online backup
// of its file; `gazette backup` refuses a PostgreSQL database, which is
// backed up with pg_dump (docs/operations.md).
#include "storage/database_backup.h"

#include <atomic>
#include <fstream>
#include <thread>

#include "storage_test_support.h"

namespace gazette {
namespace {

using DatabaseBackup = test_support::TempDatabase;

FeedItem item(std::int64_t n) {
  FeedItem i;
  i.guid = "item-" + std::to_string(n);
  i.url = "https://example.org/" + i.guid;
  i.title = "Story " + std::to_string(n);
  // About 2 KiB each: the database spans many backup steps.
  for (int k = 0; k < 80; ++k) i.content_text += "lorem ipsum dolor sit amet ";
  i.content_text += i.guid;
  return i;
}

std::string one(SQLite::Database& db, const std::string& sql) {
  return db.execAndGet(sql).getString();
}

std::vector<std::string> files_in(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST_F(DatabaseBackup, CopyWhileAnotherConnectionWritesHoldsEveryCommittedArticle) {
  auto source = add_source("https://a.example/feed");
  std::vector<FeedItem> bulk;
  for (int n = 0; n < 5000; ++n) bulk.push_back(item(n));
  record_poll(*db_, fetched(source), bulk, 1'700'000'000);

  // The writer: its own connection, one article per transaction.
  std::atomic<std::int64_t> committed{0};
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    auto db = open_database(path_);
    for (std::int64_t n = 5000; !stop; ++n) {
      record_poll(*db, fetched(source), {item(n)}, 1'700'000'000 + n);
      committed = db->execAndGet("SELECT count(*) FROM articles").getInt64();
    }
  });
  while (committed < 5050) std::this_thread::yield();
  std::int64_t before = committed;

  auto reader = open_database(path_, OpenMode::read_only);
  std::filesystem::path target = dir_ / "copy.db";
  BackupResult result = backup_database(*reader, target, {});
  std::int64_t after = committed;
  stop = true;
  writer.join();

  EXPECT_GT(result.pages, 5000 * 2048 / 4096 / 2);
  EXPECT_EQ(result.bytes, static_cast<long long>(std::filesystem::file_size(target)));
  EXPECT_GT(after, before) << "the writer did not write during the backup";
  SQLite::Database copy(target.string(), SQLite::OPEN_READWRITE);
  EXPECT_EQ(one(copy, "PRAGMA integrity_check"), "ok");
  EXPECT_NO_THROW(copy.exec("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')"));
  std::int64_t copied = copy.execAndGet("SELECT count(*) FROM articles").getInt64();
  EXPECT_GE(copied, before);
  EXPECT_LE(copied, after);
  // The copy is one snapshot: articles 1..copied, no gap.
  EXPECT_EQ(copy.execAndGet("SELECT max(id) FROM articles").getInt64(), copied);
  EXPECT_EQ(one(copy, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'item'"),
            std::to_string(copied));
}

TEST_F(DatabaseBackup, RefusesAnExistingFileUnlessForced) {
  auto reader = open_database(path_, OpenMode::read_only);
  std::filesystem::path target = dir_ / "copy.db";
  std::ofstream(target) << "precious";
  EXPECT_THROW(backup_database(*reader, target, {}), StorageError);
  std::string content;
  std::getline(std::ifstream(target), content);
  EXPECT_EQ(content, "precious");

  std::filesystem::create_symlink(target, dir_ / "link.db");
  EXPECT_THROW(backup_database(*reader, dir_ / "link.db", {}), StorageError);
  EXPECT_THROW(backup_database(*reader, dir_, {.force = true}), StorageError);
  EXPECT_THROW(backup_database(*reader, dir_ / "missing" / "copy.db", {}), StorageError);

  backup_database(*reader, dir_ / "link.db", {.force = true});
  EXPECT_FALSE(std::filesystem::is_symlink(dir_ / "link.db"));
  std::getline(std::ifstream(target), content);
  EXPECT_EQ(content, "precious") << "the link was followed";
  backup_database(*reader, target, {.force = true});
  SQLite::Database copy(target.string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(one(copy, "PRAGMA integrity_check"), "ok");
  // No temporary file left by the refusals or the copies.
  for (const std::string& name : files_in(dir_))
    EXPECT_EQ(name.find(".tmp"), std::string::npos) << name;
}

}  // namespace
}  // namespace gazette
