// gazette status's numbers (storage/status_report.h): what is SQLite's own,
// the size of the -wal file beside the database (PostgreSQL's write-ahead
// log is the cluster's: wal_bytes is 0 there, store_engine_status_test.cc).
// Every other number is tested through Store& on both engines in
// store_engine_status_test.cc.
#include "storage/status_report.h"

#include <filesystem>

#include "storage_test_support.h"
#include "tests/storage/poll_items.h"

namespace gazette {
namespace {

using StatusReportTest = test_support::TempDatabase;

TEST_F(StatusReportTest, WalSizeIsTheWalFile) {
  auto s = add_source("https://a.example/feed");
  record_poll(*db_, fetched(s), {body_item("1", "https://example.org/1", "Story 1")}, kNow);
  StatusReport r = read_status_report(*db_, path_, kNow);
  std::filesystem::path wal = path_.string() + "-wal";
  ASSERT_TRUE(std::filesystem::exists(wal));
  EXPECT_EQ(r.wal_bytes, static_cast<std::int64_t>(std::filesystem::file_size(wal)));
  EXPECT_GT(r.wal_bytes, 0);
}

}  // namespace
}  // namespace gazette
