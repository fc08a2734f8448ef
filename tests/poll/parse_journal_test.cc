// The parse journal (issue 10, item 1): a parse that never finished (the
// process crashed in it) is recorded against its source at the next start,
// with an error that says so and a back-off, instead of a crash loop.
#include "poll/parse_journal.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "base/clock.h"
#include "poll/poller.h"
#include "storage/sqlite_store.h"
#include "storage/storage_test_support.h"

namespace gazette {
namespace {

class ParseJournalTest : public test_support::TempDatabase {
 protected:
  std::filesystem::path journal_file() const { return parse_journal_file(path_.string(), {}); }
  // The store the daemon records on (storage/store.h), a connection of its own.
  Store& store() {
    if (!store_) store_ = std::make_unique<SqliteStore>(path_, OpenMode::read_write);
    return *store_;
  }
  std::unique_ptr<Store> store_;
};

std::string journal_text(const std::filesystem::path& db) {
  std::ifstream in(db.string() + "-parsing");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(ParseJournalTest, RunningParsesAreOnDiskAndClearedWhenTheyEnd) {
  ParseJournal journal(journal_file());
  ASSERT_TRUE(journal.active());
  {
    ParseJournal::Entry running = journal.begin(42);
    EXPECT_NE(journal_text(path_).find("42"), std::string::npos);
  }
  EXPECT_EQ(journal_text(path_).find("42"), std::string::npos);
}

TEST_F(ParseJournalTest, UnfinishedParseIsRecordedAndBackedOffAfterRestart) {
  std::int64_t source = add_source("http://127.0.0.1:1/feed");
  {
    // As a crash leaves it: the entry written, never ended.
    std::ofstream out(path_.string() + "-parsing");
    out << "                  " << source << "\n";
  }
  ParseJournal journal(journal_file());
  EXPECT_EQ(record_unfinished_parses(store(), journal), std::vector<std::int64_t>{source});
  std::string error = db_->execAndGet("SELECT error FROM fetches").getString();
  EXPECT_NE(error.find("previous parse of this document did not finish"), std::string::npos)
      << error;
  EXPECT_EQ(db_->execAndGet("SELECT error_count FROM sources").getInt(), 1);
  // Backed off: not due now.
  EXPECT_EQ(db_->execAndGet("SELECT next_poll > strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM "
                            "sources")
                .getInt(),
            1);
  // Reported once: the journal is cleared.
  EXPECT_TRUE(record_unfinished_parses(store(), journal).empty());
}

TEST_F(ParseJournalTest, UnfinishedParseIsStampedAndBackedOffFromTheGivenClock) {
  std::int64_t source = add_source("http://127.0.0.1:1/feed");
  {
    std::ofstream out(path_.string() + "-parsing");
    out << "                  " << source << "\n";
  }
  ManualClock clock(1'700'000'000);  // 2023-11-14T22:13:20Z
  SourceRow before = SourceStore(*db_).list().at(0);
  ParseJournal journal(journal_file());
  EXPECT_EQ(record_unfinished_parses(store(), journal, clock), std::vector<std::int64_t>{source});
  EXPECT_EQ(text("SELECT started FROM fetches"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(SourceStore(*db_).list().at(0).next_poll,
            next_poll_time(before, true, 1, "", 1'700'000'000));
}

TEST_F(ParseJournalTest, AnotherProcessesJournalIsLeftAlone) {
  ParseJournal first(journal_file());
  ParseJournal second(journal_file());
  EXPECT_TRUE(first.active());
  EXPECT_FALSE(second.active());
}

// Beside an SQLite file; for a server, in the machine's state directory
// (systemd's $STATE_DIRECTORY), else beside the config file.
TEST(ParseJournalFile, BesideSqliteElseInTheStateDirectory) {
  EXPECT_EQ(parse_journal_file("/srv/g.db", "/etc/gazette/gazette.toml"),
            std::filesystem::path("/srv/g.db-parsing"));
  const char* saved = std::getenv("STATE_DIRECTORY");
  std::string saved_value = saved ? saved : "";
  ::setenv("STATE_DIRECTORY", "/var/lib/gazette:/var/lib/other", 1);
  EXPECT_EQ(parse_journal_file("postgresql://db.example/news", "/etc/gazette/gazette.toml"),
            std::filesystem::path("/var/lib/gazette/gazette-parsing"));
  ::unsetenv("STATE_DIRECTORY");
  EXPECT_EQ(parse_journal_file("postgresql://db.example/news", "/etc/gazette/gazette.toml"),
            std::filesystem::path("/etc/gazette/gazette-parsing"));
  if (saved) ::setenv("STATE_DIRECTORY", saved_value.c_str(), 1);
}

}  // namespace
}  // namespace gazette
