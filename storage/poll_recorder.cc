#include "storage/poll_recorder.h"

#include <SQLiteCpp/Savepoint.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <set>

#include "base/text.h"
#include "feeds/item_key.h"
#include "storage/article_merge.h"
#include "storage/column_checks.h"
#include "storage/database.h"
#include "storage/dedup_key.h"
#include "storage/enclosure_column.h"
#include "storage/time_format.h"

namespace gazette {
namespace {

void bind_optional_time(SQLite::Statement& q, int index, const std::optional<UnixTime>& t) {
  if (t)
    q.bind(index, format_utc(*t));
  else
    q.bind(index);
}

class ArticleWriter {
 public:
  explicit ArticleWriter(SQLite::Database& db)
      : db_(db),
        index_text_(!triggers_enabled(db)),
        last_indexed_id_(db, "SELECT coalesce(max(id), 0) FROM articles"),
        index_new_(db,
                   "INSERT INTO articles_fts (rowid, title, content_text) "
                   "SELECT id, title, content_text FROM articles WHERE id > ?1"),
        index_add_(db, "INSERT INTO articles_fts (rowid, title, content_text) VALUES (?1, ?2, ?3)"),
        index_remove_(db,
                      "INSERT INTO articles_fts (articles_fts, rowid, title, content_text) "
                      "VALUES ('delete', ?1, ?2, ?3)"),
        find_key_(db, "SELECT article_id FROM article_keys WHERE key = ?1"),
        find_tombstone_(db, "UPDATE tombstones SET seen = ?2 WHERE key = ?1"),
        add_key_(db, "INSERT OR IGNORE INTO article_keys (key, article_id) VALUES (?1, ?2)"),
        insert_article_(
            db,
            "INSERT INTO articles (source_id, guid, url, title, author, summary, "
            "content_html, content_text, image_url, categories, published, updated, "
            "first_seen, last_seen, content_hash, enclosures) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?15)"),
        read_article_(
            db,
            "SELECT a.source_id, a.guid, a.url, a.title, a.author, a.summary, "
            "a.content_html, a.content_text, a.image_url, a.categories, a.published, "
            "a.content_hash, CASE WHEN s.fetch_url != '' THEN s.fetch_url ELSE s.url END, "
            "a.enclosures FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = "
            "?1"),
        update_article_(db,
                        "UPDATE articles SET guid = ?2, url = ?3, title = ?4, author = ?5, "
                        "summary = ?6, content_html = ?7, content_text = ?8, image_url = ?9, "
                        "categories = ?10, published = ?11, updated = COALESCE(?12, updated), "
                        "last_seen = ?13, content_hash = ?14, enclosures = ?15 WHERE id = ?1"),
        touch_article_(db, "UPDATE articles SET last_seen = ?2 WHERE id = ?1"),
        find_sighting_(db,
                       "SELECT content_hash FROM sightings "
                       "WHERE article_id = ?1 AND source_id = ?2 AND block = ?3"),
        creator_wrote_(db,
                       "SELECT 1 FROM sightings "
                       "WHERE article_id = ?1 AND source_id = ?2 AND content_hash = ?3 LIMIT 1"),
        upsert_sighting_(db,
                         "INSERT INTO sightings (article_id, source_id, block, position, "
                         "content_hash, first_seen, last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) "
                         "ON CONFLICT(article_id, source_id, block) DO UPDATE SET "
                         "position = excluded.position, content_hash = excluded.content_hash, "
                         "last_seen = excluded.last_seen") {}

  enum class Result { unchanged, added, updated, pruned };

  // Which source's document the next writes come from, and when.
  void start(std::int64_t source_id, std::string now) {
    source_id_ = source_id;
    now_ = std::move(now);
    written_.clear();
  }

  // When the connection does not run the index triggers, articles added in
  // a transaction are indexed all at once just before it commits, with the
  // text they ended up with. FTS5 writes its pending entries out as a new
  // segment at every savepoint release and commit: indexing per document
  // made a segment per document, and reading each article back cost a
  // statement per article. Rowids only grow while the transaction holds the
  // write lock, so "added in this transaction" is "id above the largest id
  // when it began"; a rolled-back document's rows are simply not there.
  void begin_transaction() {
    if (!index_text_) return;
    last_indexed_id_.reset();
    last_indexed_id_.executeStep();
    indexed_up_to_ = last_indexed_id_.getColumn(0).getInt64();
    last_indexed_id_.reset();
  }
  void index_new_articles() {
    if (!index_text_) return;
    index_new_.reset();
    index_new_.bind(1, indexed_up_to_);
    index_new_.exec();
  }

  Result write(const FeedItem& item, const std::vector<DedupKey>& dedup_keys, int position,
               UnixTime now_time) {
    const std::string hash = item.content_hash.empty() ? content_hash(item) : item.content_hash;
    std::optional<std::int64_t> article_id;
    std::vector<std::string> keys;  // as article_keys stores them
    for (const DedupKey& key : dedup_keys) keys.push_back(key.stored());
    for (const std::string& key : keys) {
      find_key_.reset();
      find_key_.bind(1, key);
      if (find_key_.executeStep()) {
        article_id = find_key_.getColumn(0).getInt64();
        break;
      }
    }

    Result result = Result::unchanged;
    // Retention pruned it (storage/retention.h): not stored again. The
    // lookup stamps the tombstone, which keeps it while sources show it.
    if (!article_id && tombstoned(keys)) return Result::pruned;
    if (!article_id) {
      article_id = insert(item, hash, now_time);
      result = Result::added;
    } else {
      find_sighting_.reset();
      find_sighting_.bind(1, *article_id);
      find_sighting_.bind(2, source_id_);
      find_sighting_.bind(3, item.block);
      bool sighted = find_sighting_.executeStep();
      std::string previous_hash = sighted ? find_sighting_.getColumn(0).getString() : "";
      if (!sighted || previous_hash != hash) {
        // Either a revision by a source that showed it before (an edit), or
        // a new place showing a known story (it may fill in what is missing).
        bool edit = sighted && !written_.count(*article_id);
        if (merge(*article_id, item, hash, edit, previous_hash, now_time) && edit)
          result = Result::updated;
      } else {
        touch_article_.reset();
        touch_article_.bind(1, *article_id);
        touch_article_.bind(2, now_);
        touch_article_.exec();
      }
    }
    written_.insert(*article_id);
    for (const std::string& key : keys) {
      add_key_.reset();
      add_key_.bind(1, key);
      add_key_.bind(2, *article_id);
      add_key_.exec();
    }
    upsert_sighting_.reset();
    upsert_sighting_.bind(1, *article_id);
    upsert_sighting_.bind(2, source_id_);
    upsert_sighting_.bind(3, item.block);
    upsert_sighting_.bind(4, position);
    upsert_sighting_.bind(5, hash);
    upsert_sighting_.bind(6, now_);
    upsert_sighting_.exec();
    return result;
  }

  // A failed step leaves its error in the statement, and SQLiteCpp's reset()
  // would throw it again at the statement's next use: every batch and every
  // document starts with its statements cleared.
  void forget_errors() {
    for (SQLite::Statement* q :
         {&last_indexed_id_, &index_new_, &index_add_, &index_remove_, &find_key_, &find_tombstone_,
          &add_key_, &insert_article_, &read_article_, &update_article_, &touch_article_,
          &find_sighting_, &creator_wrote_, &upsert_sighting_})
      q->tryReset();
  }

 private:
  bool tombstoned(const std::vector<std::string>& keys) {
    bool found = false;
    for (const std::string& key : keys) {
      find_tombstone_.reset();
      find_tombstone_.bind(1, key);
      find_tombstone_.bind(2, now_);
      if (find_tombstone_.exec() > 0) found = true;
    }
    return found;
  }

  std::int64_t insert(const FeedItem& item, const std::string& hash, UnixTime) {
    SQLite::Statement& q = insert_article_;
    q.reset();
    // The item's strings outlive the statement's step: bound without a copy
    // (the bodies are kilobytes each, on the thread a poll waits on).
    q.bind(1, source_id_);
    q.bindNoCopy(2, item.guid);
    q.bindNoCopy(3, item.url);
    q.bindNoCopy(4, item.title);
    q.bindNoCopy(5, item.author);
    q.bindNoCopy(6, item.summary_text);
    q.bindNoCopy(7, item.content_html.empty() ? item.summary_html : item.content_html);
    q.bindNoCopy(8, item.content_text);
    q.bindNoCopy(9, item.image_url);
    q.bind(10, join_categories(item.categories));
    bind_optional_time(q, 11, item.published);
    bind_optional_time(q, 12, item.updated);
    q.bind(13, now_);
    q.bind(14, hash);
    q.bind(15, enclosures_json(item));
    q.exec();
    return db_.getLastInsertRowid();
  }

  // Folds `item` into the stored article. An edit (the same source and block
  // sent different content) overwrites; another sighting only fills in what
  // is missing, or a longer body (a full article page beats a feed teaser).
  // Another site's document changes nothing (see may_change below).
  // `previous_hash`: what this source and block showed last time, or "".
  bool merge(std::int64_t id, const FeedItem& item, const std::string& hash, bool edit,
             const std::string& previous_hash, UnixTime now_time) {
    read_article_.reset();
    read_article_.bind(1, id);
    if (!read_article_.executeStep()) return false;
    ArticleFields a;
    a.source_id = read_article_.getColumn(0).getInt64();
    a.guid = read_article_.getColumn(1).getString();
    a.url = read_article_.getColumn(2).getString();
    a.title = read_article_.getColumn(3).getString();
    a.author = read_article_.getColumn(4).getString();
    a.summary = read_article_.getColumn(5).getString();
    a.content_html = read_article_.getColumn(6).getString();
    a.content_text = read_article_.getColumn(7).getString();
    a.image_url = read_article_.getColumn(8).getString();
    a.categories = read_article_.getColumn(9).getString();
    if (!read_article_.getColumn(10).isNull())
      a.published = read_article_.getColumn(10).getString();
    a.content_hash = read_article_.getColumn(11).getString();
    a.creator_url = read_article_.getColumn(12).getString();
    a.enclosures = read_article_.getColumn(13).getString();
    if (a.enclosures == "[]") a.enclosures.clear();  // none: a sighting may fill them in
    read_article_.reset();

    bool owner = false;
    if (!may_change_article(
            a, item, source_id_, edit, previous_hash, [&] { return holds_creators_text(id, a); },
            owner)) {
      touch_article_.reset();
      touch_article_.bind(1, id);
      touch_article_.bind(2, now_);
      touch_article_.exec();
      return false;
    }
    const std::string indexed_title = a.title, indexed_text = a.content_text;
    bool changed = fold_item_into(a, item, owner);
    if (!changed) {
      touch_article_.reset();
      touch_article_.bind(1, id);
      touch_article_.bind(2, now_);
      touch_article_.exec();
      return false;
    }
    SQLite::Statement& q = update_article_;
    q.reset();
    q.bind(1, id);
    q.bind(2, a.guid);
    q.bind(3, a.url);
    q.bind(4, a.title);
    q.bind(5, a.author);
    q.bind(6, a.summary);
    q.bind(7, a.content_html);
    q.bind(8, a.content_text);
    q.bind(9, a.image_url);
    q.bind(10, a.categories);
    if (a.published)
      q.bind(11, *a.published);
    else
      q.bind(11);
    if (edit)
      q.bind(12, format_utc(item.updated.value_or(now_time)));
    else
      q.bind(12);
    q.bind(13, now_);
    q.bind(14, hash);
    if (a.enclosures.empty())
      q.bind(15, "[]");
    else
      q.bind(15, a.enclosures);
    q.exec();
    // An article added in this transaction is indexed at its end, as it
    // ends up.
    bool indexed_later = id > indexed_up_to_;
    if (index_text_ && !indexed_later &&
        (a.title != indexed_title || a.content_text != indexed_text)) {
      run(index_remove_, id, indexed_title, indexed_text);
      run(index_add_, id, a.title, a.content_text);
    }
    return true;
  }

  // Whether the article was last written by the source that created it (its
  // hash is that source's latest sighting's).
  bool holds_creators_text(std::int64_t id, const ArticleFields& a) {
    creator_wrote_.reset();
    creator_wrote_.bind(1, id);
    creator_wrote_.bind(2, a.source_id);
    creator_wrote_.bind(3, a.content_hash);
    bool wrote = creator_wrote_.executeStep();
    creator_wrote_.reset();
    return wrote;
  }

  static void run(SQLite::Statement& q, std::int64_t id, const std::string& title,
                  const std::string& text) {
    q.reset();
    q.bind(1, id);
    q.bind(2, title);
    q.bind(3, text);
    q.exec();
  }

  SQLite::Database& db_;
  // The connection runs without triggers (the store thread's, see
  // poll/store_thread.h), so this writer keeps articles_fts in step.
  // Why: FTS5 writes its pending index data out at the start of every
  // statement that opens a savepoint, and an INSERT that fires a trigger
  // opens one; indexed by the trigger, each article became a segment of its
  // own (1.5 s of CPU for 40,000 articles instead of 0.6 s).
  bool index_text_;
  SQLite::Statement last_indexed_id_, index_new_, index_add_, index_remove_;
  std::int64_t indexed_up_to_ = 0;  // articles above this id wait for index_new_articles()
  std::int64_t source_id_ = 0;
  std::string now_;
  // Articles already written from the current document: a second item for
  // one of them (a teaser and its followed page, one story in two lists) is
  // more of the same story, not an edit.
  std::set<std::int64_t> written_;
  SQLite::Statement find_key_, find_tombstone_, add_key_, insert_article_, read_article_,
      update_article_, touch_article_, find_sighting_, creator_wrote_, upsert_sighting_;
};

}  // namespace

struct PollRecorder::Statements {
  explicit Statements(SQLite::Database& db)
      : articles(db),
        fetch(db,
              "INSERT INTO fetches (source_id, started, duration_ms, http_status, bytes, "
              "items_seen, items_new, items_updated, error, warning) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
        source(db,
               "UPDATE sources SET last_polled = ?2, next_poll = ?3, last_status = ?4, "
               "last_error = ?5, error_count = CASE WHEN ?6 THEN error_count + 1 ELSE 0 END, "
               "etag = CASE WHEN ?7 != '' THEN ?7 ELSE etag END, "
               "last_modified = CASE WHEN ?8 != '' THEN ?8 ELSE last_modified END, "
               "fetch_url = CASE WHEN ?9 != '' THEN ?9 ELSE fetch_url END, "
               "feed_title = CASE WHEN ?10 != '' THEN ?10 ELSE feed_title END, "
               "last_document = CASE WHEN ?11 THEN ?12 ELSE last_document END "
               "WHERE id = ?1"),
        politeness(db,
                   "UPDATE sources SET "
                   "body_hash = CASE WHEN ?2 != '' THEN ?2 ELSE body_hash END, "
                   "publisher_interval = CASE WHEN ?2 != '' THEN ?3 ELSE publisher_interval END, "
                   "effective_interval = CASE WHEN ?4 > 0 THEN ?4 ELSE effective_interval END, "
                   "interval_reason = CASE WHEN ?4 > 0 THEN ?5 ELSE interval_reason END "
                   "WHERE id = ?1"),
        redirects(db,
                  "UPDATE sources SET redirect_url = ?2, redirect_count = ?3, "
                  "disabled_at = CASE WHEN ?4 != '' THEN ?5 ELSE disabled_at END, "
                  "disabled_reason = CASE WHEN ?4 != '' THEN ?4 ELSE disabled_reason END "
                  "WHERE id = ?1"),
        same_body(db, "UPDATE fetches SET same_body = 1 WHERE id = ?1") {}
  void forget_errors() {
    articles.forget_errors();
    fetch.tryReset();
    source.tryReset();
    politeness.tryReset();
    redirects.tryReset();
    same_body.tryReset();
  }

  // The body hash, the publisher's interval and the chosen interval
  // (poll/poll_interval.h), and the fetch just inserted marked as an
  // unchanged body.
  void record_politeness(const FetchOutcome& outcome, std::int64_t fetch_id) {
    politeness.reset();
    politeness.bind(1, outcome.source_id);
    politeness.bind(2, outcome.body_hash);
    if (outcome.publisher_interval)
      politeness.bind(3, *outcome.publisher_interval);
    else
      politeness.bind(3);
    politeness.bind(4, outcome.effective_interval);
    politeness.bind(5, outcome.interval_reason);
    politeness.exec();
    if (!outcome.same_body) return;
    same_body.reset();
    same_body.bind(1, fetch_id);
    same_body.exec();
  }

  ArticleWriter articles;
  SQLite::Statement fetch;
  SQLite::Statement source;
  SQLite::Statement politeness;
  SQLite::Statement redirects;  // the redirect count and a 410's disabling
  SQLite::Statement same_body;
};

PollRecorder::PollRecorder(SQLite::Database& db)
    : db_(db), statements_(std::make_unique<Statements>(db)) {}

PollRecorder::~PollRecorder() = default;

StoreCounts PollRecorder::record(const FetchOutcome& outcome, const std::vector<FeedItem>& items,
                                 UnixTime now) {
  Batch batch(*this);
  StoreCounts counts = batch.record(outcome, items, now);
  batch.commit();
  return counts;
}

StoreCounts PollRecorder::write_document(const FetchOutcome& given_outcome,
                                         const std::vector<FeedItem>& given_items, UnixTime now) {
  StoreCounts counts;
  // The column invariants (storage/column_checks.h), at the one place every
  // poll's values enter the database.
  CheckedDocument checked(given_outcome, given_items, counts.repaired);
  const std::vector<FeedItem>& items = checked.items();
  const FetchOutcome& outcome = checked.outcome();

  statements_->forget_errors();
  // Not released (an exception): rolled back to here, the rest of the
  // batch kept.
  SQLite::Savepoint document(db_, "document");
  counts.seen = static_cast<int>(items.size());
  ArticleWriter& writer = statements_->articles;
  if (!items.empty()) {
    std::vector<std::vector<DedupKey>> keys = lookup_keys(items, outcome.source_id);
    writer.start(outcome.source_id, format_utc(now));
    for (std::size_t i = 0; i < items.size(); ++i) {
      int position = items[i].position >= 0 ? items[i].position : static_cast<int>(i);
      switch (writer.write(items[i], keys[i], position, now)) {
        case ArticleWriter::Result::added:
          ++counts.added;
          break;
        case ArticleWriter::Result::updated:
          ++counts.updated;
          break;
        case ArticleWriter::Result::pruned:
        case ArticleWriter::Result::unchanged:
          break;
      }
    }
  }

  SQLite::Statement& fetch = statements_->fetch;
  fetch.reset();
  fetch.bind(1, outcome.source_id);
  fetch.bind(2, format_utc(outcome.started));
  fetch.bind(3, outcome.duration_ms);
  fetch.bind(4, outcome.http_status);
  fetch.bind(5, static_cast<std::int64_t>(outcome.bytes));
  fetch.bind(6, counts.seen);
  fetch.bind(7, counts.added);
  fetch.bind(8, counts.updated);
  fetch.bind(9, outcome.error);
  if (outcome.warning.empty())
    fetch.bind(10);
  else
    fetch.bind(10, outcome.warning);
  fetch.exec();
  const std::int64_t fetch_id = db_.getLastInsertRowid();

  bool failed = !outcome.error.empty();
  SQLite::Statement& source = statements_->source;
  source.reset();
  source.bind(1, outcome.source_id);
  source.bind(2, format_utc(outcome.started));
  bind_optional_time(source, 3, outcome.next_poll);
  source.bind(4, outcome.http_status);
  source.bind(5, outcome.error);
  source.bind(6, failed ? 1 : 0);
  // A failed fetch must not replace the validators of the last good one.
  source.bind(7, failed ? std::string() : outcome.etag);
  source.bind(8, failed ? std::string() : outcome.last_modified);
  source.bind(9, outcome.permanent_url);
  source.bind(10, outcome.feed_title);
  // Retention keeps what this document showed (storage/retention.h). Only a
  // document with items moves the mark: a 304, a failure or an empty
  // document leaves the last one's articles kept.
  source.bind(11, items.empty() ? 0 : 1);
  source.bind(12, format_utc(now));
  source.exec();
  statements_->record_politeness(outcome, fetch_id);
  SQLite::Statement& redirects = statements_->redirects;
  redirects.reset();
  redirects.bind(1, outcome.source_id);
  redirects.bind(2, outcome.redirect_url);
  redirects.bind(3, outcome.redirect_count);
  redirects.bind(4, outcome.disable_reason);
  redirects.bind(5, format_utc(now));
  redirects.exec();
  document.release();
  return counts;
}

PollRecorder::Batch::Batch(PollRecorder& recorder)
    : recorder_(recorder), transaction_(recorder.db_, SQLite::TransactionBehavior::IMMEDIATE) {
  recorder_.statements_->forget_errors();
  recorder_.statements_->articles.begin_transaction();
}

StoreCounts PollRecorder::Batch::record(const FetchOutcome& outcome,
                                        const std::vector<FeedItem>& items, UnixTime now) {
  return recorder_.write_document(outcome, items, now);
}

bool PollRecorder::Batch::open() const {
  return sqlite3_get_autocommit(recorder_.db_.getHandle()) == 0;
}

void PollRecorder::Batch::commit() {
  recorder_.statements_->articles.index_new_articles();
  transaction_.commit();
}

StoreCounts record_poll(SQLite::Database& db, const FetchOutcome& outcome,
                        const std::vector<FeedItem>& items, UnixTime now) {
  return PollRecorder(db).record(outcome, items, now);
}

}  // namespace gazette
