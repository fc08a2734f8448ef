// The store thread: documents submitted from the network thread are written
// on the store thread and completed back on the submitter's executor; a
// document that fails is reported alone while the others are committed.
#include "poll/store_thread.h"

#include <gtest/gtest.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>

#include "storage/storage_test_support.h"

namespace gazette {
namespace {

class StoreThreadTest : public test_support::TempDatabase {};

TEST_F(StoreThreadTest, CommitsDocumentsAndReportsAFailureAlone) {
  std::int64_t source = add_source("https://example.org/feed");
  boost::asio::io_context ioc;
  auto work = boost::asio::make_work_guard(ioc);
  constexpr int kDocuments = 30;
  std::vector<std::exception_ptr> errors(kDocuments);
  std::vector<StoreCounts> counts(kDocuments);
  int completed = 0;
  bool on_submitting_thread = true;
  {
    StoreThread store(path_);
    for (int i = 0; i < kDocuments; ++i) {
      FetchOutcome outcome;
      outcome.source_id = i == 7 ? source + 100 : source;  // no such source: a foreign-key error
      outcome.started = 1'700'000'000;
      outcome.http_status = 200;
      FeedItem item;
      item.guid = std::to_string(i);
      item.url = "https://example.org/" + std::to_string(i);
      item.title = "Story " + std::to_string(i);
      item.content_text = "Text";
      store.record(outcome, {item}, 1'700'000'000,
                   boost::asio::bind_executor(ioc, [&, i, caller = std::this_thread::get_id()](
                                                       std::exception_ptr e, StoreCounts c) {
                     on_submitting_thread &= std::this_thread::get_id() == caller;
                     errors[i] = e;
                     counts[i] = c;
                     if (++completed == kDocuments) work.reset();
                   }));
    }
    ioc.run();
  }
  EXPECT_TRUE(on_submitting_thread);
  for (int i = 0; i < kDocuments; ++i) {
    EXPECT_EQ(errors[i] != nullptr, i == 7) << i;
    EXPECT_EQ(counts[i].added, i == 7 ? 0 : 1) << i;
  }
  EXPECT_EQ(count("SELECT count(*) FROM articles"), kDocuments - 1);
  EXPECT_EQ(count("SELECT count(*) FROM articles WHERE guid = '7'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM fetches"), kDocuments - 1);
}

}  // namespace
}  // namespace gazette
