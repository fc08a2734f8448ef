// The PostgreSQL implementation of the storage seam (storage/store.h): the
// store several `gazette run` processes on different machines share. The
// meanings are SQLite's (storage/*.h); the SQL is PostgreSQL's own.
//
// The definitions are cut by concern, one file each:
//   pg_store.cc          connection, location, in_transaction
//   pg_source_queries.cc sources, leases of due sources
//   pg_poll_writer.cc    record_polls (dedup, sightings, fetches, FTS),
//                        story assignment, poll history, stored bodies
//   pg_article_reads.cc  for_each_article, list_stories, status_report, OPML
//   pg_search.cc         search_articles (tsvector, ts_rank)
//   pg_retention.cc      prune, maintain
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <pqxx/connection>
#include <pqxx/transaction>
#include <string>

#include "storage/store.h"

namespace gazette {

class PgStore : public Store {
 public:
  // Connects to `url` and (read_write) brings it to the current schema.
  // Throws StorageError naming the URL without its password.
  PgStore(const std::string& url, OpenMode mode);
  ~PgStore() override;

  StoreEngine engine() const override { return StoreEngine::postgresql; }
  bool shared_by_pollers() const override { return true; }
  std::string location() const override { return location_; }

  std::int64_t upsert_source(const SourceConfig& source,
                             std::int64_t default_interval_seconds) override;
  std::vector<SourceRow> list_sources() override;
  std::optional<SourceRow> find_source(const std::string& url) override;
  bool remove_source(const std::string& url) override;
  bool enable_source(const std::string& url) override;
  void set_next_poll(std::int64_t source_id, UnixTime when) override;
  std::vector<std::string> adopt_canonical_urls() override;
  std::optional<UnixTime> next_due_after(UnixTime now) override;
  std::vector<SourceRow> lease_due(UnixTime now, std::size_t limit,
                                   std::int64_t lease_seconds) override;

  void in_transaction(const std::function<void()>& writes) override;

  std::vector<RecordResult> record_polls(const std::vector<PollDocument>& documents) override;
  void enable_story_assignment(const StoryParams& params) override;
  std::vector<ObservedPoll> recent_polls(std::int64_t source_id, UnixTime since,
                                         int limit) override;
  std::optional<std::size_t> stored_body_length(std::string_view url) override;

  void for_each_article(const ArticleFilter& filter,
                        const std::function<void(const ArticleRecord&)>& visit,
                        ArticleColumns columns = ArticleColumns::all) override;
  SearchResults search_articles(const std::string& query, int limit,
                                std::int64_t rank_window = kDefaultRankWindow) override;
  std::vector<StoryRow> list_stories(const StoryFilter& filter) override;
  StatusReport status_report(UnixTime now) override;

  OpmlImportCounts import_opml(const std::vector<OpmlOutline>& outlines,
                               std::int64_t default_interval_seconds) override;
  std::vector<OpmlOutline> sources_as_opml() override;

  PruneResult prune(const RetentionSettings& settings, UnixTime now, bool dry_run) override;
  std::int64_t maintain() override;

  // Who this store leases sources as, and ends leases as (pg_holder.h).
  const std::string& lease_holder() const { return lease_holder_; }
  // Makes this store the same poller as `leasing`: it ends the leases
  // `leasing` took. The daemon leases through one store (the scheduler's)
  // and records the polls through another (its store thread's, StoreThread).
  void record_for(const PgStore& leasing) { lease_holder_ = leasing.lease_holder_; }

  // The raw connection, for the PostgreSQL-only parts (leases of host
  // turns shared by pollers, `gazette migrate`).
  pqxx::connection& connection() { return *connection_; }

 private:
  // Runs `work` in the transaction in_transaction() opened, or in one of
  // its own (committed when `work` returns) when none is open.
  void with_transaction(const std::function<void(pqxx::work&)>& work);
  // Ends the lease of `source_id` if this store holds it (pg_source_queries.cc):
  // a poller whose lease ran out and was taken over leaves the new holder's.
  void end_own_lease(pqxx::dbtransaction& tx, std::int64_t source_id);

  std::string location_;  // the URL without its password
  std::unique_ptr<pqxx::connection> connection_;
  pqxx::work* open_transaction_ = nullptr;  // set while in_transaction() runs
  std::string lease_holder_;                // who this store leases sources as (pg_holder.h)
  std::optional<StoryParams> story_params_;
  struct StoryState;  // pg_poll_writer.cc: the clusterer, loaded on first use
  std::unique_ptr<StoryState> stories_;
};

}  // namespace gazette
