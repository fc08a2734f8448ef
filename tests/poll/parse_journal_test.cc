// The parse journal (issue 10, item 1): a parse that never finished (the
// process crashed in it) is recorded against its source at the next start,
// with an error that says so and a back-off, instead of a crash loop.
#include "poll/parse_journal.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "base/clock.h"
#include "poll/poller.h"
#include "storage/storage_test_support.h"

namespace gazette {
namespace {

class ParseJournalTest : public test_support::TempDatabase {};

std::string journal_text(const std::filesystem::path& db) {
  std::ifstream in(db.string() + "-parsing");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(ParseJournalTest, RunningParsesAreOnDiskAndClearedWhenTheyEnd) {
  ParseJournal journal(path_);
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
  ParseJournal journal(path_);
  EXPECT_EQ(record_unfinished_parses(*db_, journal), std::vector<std::int64_t>{source});
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
  EXPECT_TRUE(record_unfinished_parses(*db_, journal).empty());
}

TEST_F(ParseJournalTest, UnfinishedParseIsStampedAndBackedOffFromTheGivenClock) {
  std::int64_t source = add_source("http://127.0.0.1:1/feed");
  {
    std::ofstream out(path_.string() + "-parsing");
    out << "                  " << source << "\n";
  }
  ManualClock clock(1'700'000'000);  // 2023-11-14T22:13:20Z
  SourceRow before = SourceStore(*db_).list().at(0);
  ParseJournal journal(path_);
  EXPECT_EQ(record_unfinished_parses(*db_, journal, clock), std::vector<std::int64_t>{source});
  EXPECT_EQ(text("SELECT started FROM fetches"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(SourceStore(*db_).list().at(0).next_poll,
            next_poll_time(before, true, 1, "", 1'700'000'000));
}

TEST_F(ParseJournalTest, AnotherProcessesJournalIsLeftAlone) {
  ParseJournal first(path_);
  ParseJournal second(path_);
  EXPECT_TRUE(first.active());
  EXPECT_FALSE(second.active());
}

}  // namespace
}  // namespace gazette
