// Poll results in PostgreSQL: articles, dedup keys, sightings, fetches, the
// source's new state (storage/poll_recorder.cc's meanings, with the rules
// shared through storage/article_merge.h), story assignment
// (storage/story_assigner.cc), poll history and stored bodies.
//
// Several pollers write at once (docs/schema.md, "PostgreSQL"): each
// document is one transaction; a new article claims its dedup keys with
// INSERT ... ON CONFLICT DO NOTHING inside a savepoint, so two pollers
// storing one URL at the same moment make one article (the loser rolls its
// row back and merges into the winner's); an article being merged is
// locked (SELECT ... FOR UPDATE) so two merges do not lose one another's
// fields; a document that meets a deadlock is written again from the start.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <limits>
#include <map>
#include <pqxx/pqxx>
#include <random>
#include <set>
#include <thread>
#include <utility>

#include "feeds/item_key.h"
#include "feeds/url_normalize.h"
#include "storage/article_merge.h"
#include "storage/dedup_key.h"
#include "storage/enclosure_column.h"
#include "storage/postgres/pg_store.h"
#include "storage/postgres/pg_story_order.h"
#include "storage/postgres/pg_story_state.h"
#include "storage/time_format.h"

namespace gazette {
namespace {

// How often a document that met a deadlock (two pollers claiming the same
// keys in opposite orders) is written again before its error is reported.
constexpr int kDocumentAttempts = 4;

// A story's published date further ahead of when the article was first
// seen is a feed's mistake (storage/story_assigner.cc says why).
constexpr UnixTime kMaxAhead = 86400;

// A nullable text parameter: libpqxx 6 sends a null char pointer as NULL.
const char* or_null(const std::optional<std::string>& text) {
  return text ? text->c_str() : nullptr;
}

std::optional<std::string> optional_utc(const std::optional<UnixTime>& t) {
  if (!t) return std::nullopt;
  return format_utc(*t);
}

// Runs `sql` as a prepared statement of the transaction's connection,
// defined at its first use (the name is a hash of the text; defining it
// again with the same text does nothing): the per-item statements of a poll
// run thousands of times on one connection, parsed and planned once.
template <typename... Args>
pqxx::result run_prepared(pqxx::dbtransaction& tx, const std::string& sql, Args&&... args) {
  std::string name = fmt::format("gazette_{:016x}", std::hash<std::string>{}(sql));
  tx.conn().prepare(name, sql);
  return tx.exec_prepared(name, std::forward<Args>(args)...);
}

// Runs `sql` unprepared, planned for its values at each run: for the
// per-document statements that find rows of a growing table by a range or
// an array. A prepared statement's generic plan, made while the table was
// small, is a sequential scan that it keeps as the table grows (seen: the
// story lookup took 3.3 ms a document at 6,000 articles, growing with
// them; docs/performance.md, "Fewer statements per article").
template <typename... Args>
pqxx::result run_planned(pqxx::dbtransaction& tx, const std::string& sql, Args&&... args) {
  return tx.exec_params(sql, std::forward<Args>(args)...);
}

// A savepoint of `tx`, by its SQL statements: rolled back unless released
// (libpqxx 6's subtransaction did not leave the enclosing transaction
// usable after a failed statement when nested). The name may be reused:
// PostgreSQL's latest savepoint of a name is the one meant.
class Savepoint {
 public:
  Savepoint(pqxx::dbtransaction& tx, std::string name) : tx_(tx), name_(std::move(name)) {
    tx_.exec("SAVEPOINT " + name_);
  }
  ~Savepoint() {
    if (open_) try {
        roll_back();
      } catch (...) {  // the connection is gone: the transaction fails anyway
      }
  }
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  void release() {
    tx_.exec("RELEASE SAVEPOINT " + name_);
    open_ = false;
  }
  void roll_back() {
    open_ = false;
    tx_.exec("ROLLBACK TO SAVEPOINT " + name_);
    tx_.exec("RELEASE SAVEPOINT " + name_);
  }

 private:
  pqxx::dbtransaction& tx_;
  std::string name_;
  bool open_ = true;
};

// A bigint[] parameter in PostgreSQL's array syntax.
std::string id_array(const std::vector<std::int64_t>& ids) {
  std::string text = "{";
  for (std::int64_t id : ids) {
    if (text.size() > 1) text += ',';
    text += std::to_string(id);
  }
  return text + "}";
}

// A text[] parameter in PostgreSQL's array syntax: each element quoted,
// its quotes and backslashes escaped (keys are any UTF-8 text).
std::string text_array(const std::vector<std::string>& values) {
  std::string text = "{";
  for (const std::string& value : values) {
    if (text.size() > 1) text += ',';
    text += '"';
    for (char c : value) {
      if (c == '"' || c == '\\') text += '\\';
      text += c;
    }
    text += '"';
  }
  return text + "}";
}

// The writes of one document, in its transaction. Round trips are what a
// poll into PostgreSQL spends most on (docs/performance.md, "Fewer
// statements per article"), so the document's keys are looked up in one
// statement before its items, and a new article is stored (row, keys,
// sighting) in one.
class DocumentWriter {
 public:
  enum class Result { unchanged, added, updated, pruned };

  DocumentWriter(std::int64_t source_id, UnixTime now) : source_id_(source_id), now_(now) {}

  // Reads which of the document's keys name an article or a tombstone, in
  // one statement: called after lock_story_urls, so no other poller can
  // store one of its URLs until this transaction ends, and guid and hash
  // keys belong to the source this poller leased. What another poller
  // claims anyway is found when the insert loses its claim (insert()).
  void look_up(pqxx::dbtransaction& tx, const std::vector<std::vector<DedupKey>>& keys) {
    std::vector<std::string> all;
    for (const std::vector<DedupKey>& item_keys : keys)
      for (const DedupKey& key : item_keys) all.push_back(key.stored());
    if (all.empty()) return;
    for (const pqxx::row& r : run_planned(tx,
                                          "SELECT key, article_id FROM article_keys "
                                          "WHERE key = ANY($1::text[]) UNION ALL "
                                          "SELECT key, NULL FROM tombstones "
                                          "WHERE key = ANY($1::text[])",
                                          text_array(all))) {
      if (r[1].is_null())
        tombstoned_keys_.insert(r[0].as<std::string>());
      else
        article_of_key_[r[0].as<std::string>()] = r[1].as<std::int64_t>();
    }
  }

  Result write(pqxx::dbtransaction& tx, const FeedItem& item,
               const std::vector<DedupKey>& dedup_keys, int position) {
    const std::string hash = item.content_hash.empty() ? content_hash(item) : item.content_hash;
    std::vector<std::string> keys;  // as article_keys stores them
    for (const DedupKey& key : dedup_keys) keys.push_back(key.stored());

    Result result = Result::unchanged;
    std::optional<std::int64_t> article_id;
    // Another poller may claim a key between the lookup and the insert:
    // then the lookup runs again, in the database, and finds its article.
    for (int attempt = 0; !article_id; ++attempt) {
      article_id = attempt == 0 ? find_looked_up(keys) : find_article(tx, keys);
      if (article_id) break;
      // Retention pruned it (storage/retention.h): not stored again. The
      // lookup stamps the tombstone, which keeps it while sources show it.
      if (tombstoned(tx, keys, attempt == 0)) return Result::pruned;
      if (attempt >= kDocumentAttempts)
        throw StorageError(fmt::format("item {}: its keys keep being claimed by another poller",
                                       item.url.empty() ? item.guid : item.url));
      article_id = insert(tx, item, hash, keys, position);
      if (article_id) {
        result = Result::added;
        added_.push_back(*article_id);
      }
    }

    if (result != Result::added) {
      pqxx::result sighting =
          run_prepared(tx,
                       "SELECT content_hash FROM sightings "
                       "WHERE article_id = $1 AND source_id = $2 AND block = $3",
                       *article_id, source_id_, item.block);
      bool sighted = !sighting.empty();
      std::string previous_hash = sighted ? sighting[0][0].as<std::string>() : "";
      if (!sighted || previous_hash != hash) {
        // Either a revision by a source that showed it before (an edit), or
        // a new place showing a known story (it may fill in what is missing).
        bool edit = sighted && !written_.count(*article_id);
        if (merge(tx, *article_id, item, hash, edit, previous_hash) && edit)
          result = Result::updated;
      } else {
        touch(tx, *article_id);
      }
      // A known article gains the keys it lacks (another source's guid, a
      // URL it now has); a new one claimed its own in insert().
      for (const pqxx::row& r :
           run_prepared(tx,
                        "INSERT INTO article_keys (key, article_id) "
                        "SELECT unnest($1::text[]), $2 ON CONFLICT (key) DO NOTHING RETURNING key",
                        text_array(keys), *article_id))
        article_of_key_[r[0].as<std::string>()] = *article_id;
      run_prepared(tx,
                   "INSERT INTO sightings (article_id, source_id, block, position, content_hash, "
                   "first_seen, last_seen) VALUES ($1, $2, $3, $4, $5, to_timestamp($6), "
                   "to_timestamp($6)) "
                   "ON CONFLICT (article_id, source_id, block) DO UPDATE SET "
                   "position = excluded.position, content_hash = excluded.content_hash, "
                   "last_seen = excluded.last_seen",
                   *article_id, source_id_, item.block, position, hash, now_);
    }
    written_.insert(*article_id);
    return result;
  }

  // The articles this document created, in the order it created them.
  const std::vector<std::int64_t>& added() const { return added_; }

 private:
  // The first key (in lookup order) look_up found an article for, or that
  // this document gave one.
  std::optional<std::int64_t> find_looked_up(const std::vector<std::string>& keys) const {
    for (const std::string& key : keys) {
      auto found = article_of_key_.find(key);
      if (found != article_of_key_.end()) return found->second;
    }
    return std::nullopt;
  }

  // The same, asked of the database (after a lost claim).
  std::optional<std::int64_t> find_article(pqxx::dbtransaction& tx,
                                           const std::vector<std::string>& keys) {
    for (const std::string& key : keys) {
      pqxx::result r = run_prepared(tx, "SELECT article_id FROM article_keys WHERE key = $1", key);
      if (!r.empty()) {
        article_of_key_[key] = r[0][0].as<std::int64_t>();
        return r[0][0].as<std::int64_t>();
      }
    }
    return std::nullopt;
  }

  // Stamps the item's tombstones; whether it has one. With `looked_up`,
  // only when look_up saw one of its keys there (tombstones are written
  // by retention, which does not run inside a poll).
  bool tombstoned(pqxx::dbtransaction& tx, const std::vector<std::string>& keys, bool looked_up) {
    if (looked_up && std::none_of(keys.begin(), keys.end(), [&](const std::string& key) {
          return tombstoned_keys_.count(key) > 0;
        }))
      return false;
    return run_prepared(tx,
                        "UPDATE tombstones SET seen = to_timestamp($2) WHERE key = ANY($1::text[])",
                        text_array(keys), now_)
               .affected_rows() > 0;
  }

  // Inserts the article, claims its keys and records its sighting, in one
  // statement; nullopt (and nothing kept) when another poller's committed
  // article holds one of the keys. ON CONFLICT waits for a transaction
  // inserting the same key and sees its outcome: committed, the key is
  // taken; rolled back, free. A lost claim deletes the new row, and with it
  // (ON DELETE CASCADE) the keys it did claim and its sighting: the same
  // end as rolling the insert back, without a savepoint's two round trips
  // for every article.
  std::optional<std::int64_t> insert(pqxx::dbtransaction& tx, const FeedItem& item,
                                     const std::string& hash, const std::vector<std::string>& keys,
                                     int position) {
    pqxx::row r = run_prepared(
        tx,
        "WITH a AS (INSERT INTO articles (source_id, guid, url, title, author, summary, "
        "content_html, content_text, image_url, categories, published, updated, "
        "first_seen, last_seen, content_hash, enclosures) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::timestamptz, "
        "$12::timestamptz, to_timestamp($13), to_timestamp($13), $14, $15) RETURNING id), "
        "k AS (INSERT INTO article_keys (key, article_id) "
        "SELECT unnest($16::text[]), id FROM a ON CONFLICT (key) DO NOTHING RETURNING key), "
        "s AS (INSERT INTO sightings (article_id, source_id, block, position, content_hash, "
        "first_seen, last_seen) SELECT id, $1, $17, $18, $14, to_timestamp($13), "
        "to_timestamp($13) FROM a) "
        "SELECT id, (SELECT count(*) FROM k) FROM a",
        source_id_, item.guid, item.url, item.title, item.author, item.summary_text,
        item.content_html.empty() ? item.summary_html : item.content_html, item.content_text,
        item.image_url, join_categories(item.categories), or_null(optional_utc(item.published)),
        or_null(optional_utc(item.updated)), now_, hash, enclosures_json(item), text_array(keys),
        item.block, position)[0];
    std::int64_t id = r[0].as<std::int64_t>();
    if (r[1].as<std::int64_t>() <
        static_cast<std::int64_t>(std::set(keys.begin(), keys.end()).size())) {
      run_prepared(tx, "DELETE FROM articles WHERE id = $1", id);
      return std::nullopt;
    }
    for (const std::string& key : keys) article_of_key_[key] = id;
    return id;
  }

  void touch(pqxx::dbtransaction& tx, std::int64_t id) {
    run_prepared(tx, "UPDATE articles SET last_seen = to_timestamp($2) WHERE id = $1", id, now_);
  }

  // Folds `item` into the stored article (article_merge.h).
  bool merge(pqxx::dbtransaction& tx, std::int64_t id, const FeedItem& item,
             const std::string& hash, bool edit, const std::string& previous_hash) {
    // FOR UPDATE: another poller merging into the same article waits, and
    // then reads what this one wrote.
    pqxx::result r = run_prepared(
        tx,
        "SELECT a.source_id, a.guid, a.url, a.title, a.author, a.summary, a.content_html, "
        "a.content_text, a.image_url, a.categories, gazette_iso8601(a.published), "
        "a.content_hash, CASE WHEN s.fetch_url <> '' THEN s.fetch_url ELSE s.url END, "
        "a.enclosures FROM articles a LEFT JOIN sources s ON s.id = a.source_id "
        "WHERE a.id = $1 FOR UPDATE OF a",
        id);
    if (r.empty()) return false;
    const pqxx::row row = r[0];
    ArticleFields a;
    a.source_id = row[0].as<std::int64_t>();
    a.guid = row[1].as<std::string>();
    a.url = row[2].as<std::string>();
    a.title = row[3].as<std::string>();
    a.author = row[4].as<std::string>();
    a.summary = row[5].as<std::string>();
    a.content_html = row[6].as<std::string>();
    a.content_text = row[7].as<std::string>();
    a.image_url = row[8].as<std::string>();
    a.categories = row[9].as<std::string>();
    if (!row[10].is_null()) a.published = row[10].as<std::string>();
    a.content_hash = row[11].as<std::string>();
    a.creator_url = row[12].is_null() ? "" : row[12].as<std::string>();
    a.enclosures = row[13].as<std::string>();
    if (a.enclosures == "[]") a.enclosures.clear();  // none: a sighting may fill them in

    bool owner = false;
    auto holds_creators_text = [&] {
      // Whether the article was last written by the source that created it
      // (its hash is that source's latest sighting's).
      return !run_prepared(tx,
                           "SELECT 1 FROM sightings "
                           "WHERE article_id = $1 AND source_id = $2 AND content_hash = $3 LIMIT 1",
                           id, a.source_id, a.content_hash)
                  .empty();
    };
    if (!may_change_article(a, item, source_id_, edit, previous_hash, holds_creators_text, owner) ||
        !fold_item_into(a, item, owner)) {
      touch(tx, id);
      return false;
    }
    std::optional<std::string> updated;
    if (edit) updated = format_utc(item.updated.value_or(now_));
    run_prepared(
        tx,
        "UPDATE articles SET guid = $2, url = $3, title = $4, author = $5, summary = $6, "
        "content_html = $7, content_text = $8, image_url = $9, categories = $10, "
        "published = $11::timestamptz, updated = coalesce($12::timestamptz, updated), "
        "last_seen = to_timestamp($13), content_hash = $14, enclosures = $15 WHERE id = $1",
        id, a.guid, a.url, a.title, a.author, a.summary, a.content_html, a.content_text,
        a.image_url, a.categories, or_null(a.published), or_null(updated), now_, hash,
        a.enclosures.empty() ? std::string("[]") : a.enclosures);
    return true;
  }

  std::int64_t source_id_;
  UnixTime now_;
  // Articles already written from this document: a second item for one of
  // them (a teaser and its followed page, one story in two lists) is more
  // of the same story, not an edit.
  std::set<std::int64_t> written_;
  std::vector<std::int64_t> added_;
  // What look_up found, and the keys this document claimed since.
  std::map<std::string, std::int64_t> article_of_key_;
  std::set<std::string> tombstoned_keys_;
};

// Takes, in one global order, a transaction-level advisory lock for each
// URL key the document may claim (URL keys name a story across sources, so
// two pollers meet on them). A document storing a URL another poller's
// open document also stores waits here for that one to commit, and then
// finds its article: claims of URL keys never wait on each other in
// opposite orders (a deadlock). The lock of a key is the first 64 bits of
// its SHA-256, the same in every Gazette build.
void lock_story_urls(pqxx::dbtransaction& tx, const std::vector<std::vector<DedupKey>>& keys) {
  std::vector<std::int64_t> locks;
  for (const std::vector<DedupKey>& item_keys : keys)
    for (const DedupKey& key : item_keys)
      if (key.kind == DedupKey::Kind::url)
        locks.push_back(static_cast<std::int64_t>(
            std::stoull(sha256_hex(key.stored()).substr(0, 16), nullptr, 16)));
  if (locks.empty()) return;
  std::sort(locks.begin(), locks.end());
  locks.erase(std::unique(locks.begin(), locks.end()), locks.end());
  // One prepared statement: unnest gives the array's elements in order.
  run_prepared(tx, "SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k",
               id_array(locks));
}

// The fetches row and the source's new state (PollRecorder's statements).
void record_fetch(pqxx::dbtransaction& tx, const FetchOutcome& outcome, const StoreCounts& counts,
                  bool had_items, UnixTime now) {
  // same_body: a 200 matching the stored body_hash, nothing parsed.
  run_prepared(tx,
               "INSERT INTO fetches (source_id, started, duration_ms, http_status, bytes, "
               "items_seen, items_new, items_updated, error, warning, same_body) "
               "VALUES ($1, to_timestamp($2), $3, $4, $5, $6, $7, $8, $9, $10, $11)",
               outcome.source_id, outcome.started, outcome.duration_ms, outcome.http_status,
               static_cast<std::int64_t>(outcome.bytes), counts.seen, counts.added, counts.updated,
               outcome.error,
               or_null(outcome.warning.empty() ? std::nullopt : std::optional(outcome.warning)),
               outcome.same_body ? 1 : 0);
  bool failed = !outcome.error.empty();
  // A failed fetch must not replace the validators of the last good one.
  // Retention keeps what this document showed (storage/retention.h): only a
  // document with items moves last_document.
  run_prepared(tx,
               "UPDATE sources SET last_polled = to_timestamp($2), next_poll = $3::timestamptz, "
               "last_status = $4, last_error = $5, "
               "error_count = CASE WHEN $6 THEN error_count + 1 ELSE 0 END, "
               "etag = CASE WHEN $7 <> '' THEN $7 ELSE etag END, "
               "last_modified = CASE WHEN $8 <> '' THEN $8 ELSE last_modified END, "
               "fetch_url = CASE WHEN $9 <> '' THEN $9 ELSE fetch_url END, "
               "feed_title = CASE WHEN $10 <> '' THEN $10 ELSE feed_title END, "
               "last_document = CASE WHEN $11 THEN to_timestamp($12) ELSE last_document END "
               "WHERE id = $1",
               outcome.source_id, outcome.started, or_null(optional_utc(outcome.next_poll)),
               outcome.http_status, outcome.error, failed, failed ? std::string() : outcome.etag,
               failed ? std::string() : outcome.last_modified, outcome.permanent_url,
               outcome.feed_title, had_items, now);
  // Politeness (poll/poll_interval.h): the body hash, the publisher's
  // interval and the chosen one.
  run_prepared(
      tx,
      "UPDATE sources SET "
      "body_hash = CASE WHEN $2 <> '' THEN $2 ELSE body_hash END, "
      "publisher_interval = CASE WHEN $2 <> '' THEN $3::bigint ELSE publisher_interval END, "
      "effective_interval = CASE WHEN $4::bigint > 0 THEN $4::bigint ELSE effective_interval END, "
      "interval_reason = CASE WHEN $4::bigint > 0 THEN $5 ELSE interval_reason END "
      "WHERE id = $1",
      outcome.source_id, outcome.body_hash,
      or_null(outcome.publisher_interval
                  ? std::optional(std::to_string(*outcome.publisher_interval))
                  : std::nullopt),
      outcome.effective_interval, outcome.interval_reason);
  // The redirect count and a 410's disabling.
  run_prepared(tx,
               "UPDATE sources SET redirect_url = $2, redirect_count = $3, "
               "disabled_at = CASE WHEN $4 <> '' THEN to_timestamp($5) ELSE disabled_at END, "
               "disabled_reason = CASE WHEN $4 <> '' THEN $4 ELSE disabled_reason END "
               "WHERE id = $1",
               outcome.source_id, outcome.redirect_url, outcome.redirect_count,
               outcome.disable_reason, now);
}

// An article as the clusterer sees it (story_assigner.cc's columns).
constexpr const char* kStoryColumns =
    "a.id, a.title, CASE WHEN a.summary <> '' THEN a.summary "
    "ELSE substr(a.content_text, 1, 600) END, "
    "extract(epoch FROM coalesce(a.published, a.first_seen))::bigint, "
    "extract(epoch FROM a.first_seen)::bigint";

struct StoryRowData {
  std::int64_t id;
  std::string title;
  std::string lead;
  UnixTime time;
};

StoryRowData read_story_row(const pqxx::row& r) {
  StoryRowData row{r[0].as<std::int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(),
                   r[3].as<std::int64_t>()};
  UnixTime first_seen = r[4].as<std::int64_t>();
  if (row.time > first_seen + kMaxAhead) row.time = first_seen;
  return row;
}

// Loads the stories of the window, as StoryAssigner::load does. Runs under
// the story lock (pg_story_order.h): every article with a story_seq is
// committed and none gets one until this transaction ends, so the highest
// story_seq now is exactly what the loaded clusterer knows.
void load_stories(pqxx::dbtransaction& tx, const StoryParams& params,
                  std::unique_ptr<StoryClusterer>& clusterer, std::int64_t& last_story_seq) {
  clusterer = std::make_unique<StoryClusterer>(params);
  last_story_seq =
      tx.exec("SELECT coalesce(max(story_seq), 0) FROM articles")[0][0].as<std::int64_t>();
  // No article has a story yet (a new database, or one whose articles were
  // stored before stories existed: those are left alone).
  if (last_story_seq == 0) return;
  // The stories of the window: those whose newest article is within the
  // window of the newest story's (the stream's time, not the clock's).
  UnixTime newest =
      tx.exec("SELECT extract(epoch FROM max(last_published))::bigint FROM stories")[0][0]
          .as<std::int64_t>();
  for (const pqxx::row& r :
       run_prepared(tx,
                    fmt::format("SELECT {}, a.story_id FROM articles a JOIN stories s "
                                "ON s.id = a.story_id WHERE s.last_published >= to_timestamp($1) "
                                "ORDER BY a.story_seq",
                                kStoryColumns),
                    newest - params.window)) {
    StoryRowData row = read_story_row(r);
    clusterer->add(r[5].as<std::int64_t>(), {row.title, row.lead, row.time});
  }
}

// Gives the document's new articles their stories (StoryAssigner::assign_new),
// under the story lock, at the end of the document's transaction. Other
// pollers' articles that got a story since this one last looked are learnt
// first, in the order they got it (story_seq), so that pollers sharing the
// store grow the same stories.
void assign_stories(pqxx::dbtransaction& tx, const StoryParams& params,
                    std::unique_ptr<StoryClusterer>& clusterer, std::int64_t& last_story_seq,
                    const std::vector<std::int64_t>& added, UnixTime now) {
  // Nothing to assign, nothing to take turns for: what others assigned
  // meanwhile is learnt before this poller's next assignment.
  if (added.empty()) return;
  lock_story_assignment(tx);
  if (!clusterer) {
    load_stories(tx, params, clusterer, last_story_seq);
  } else {
    // By the story_seqs since the last look, not `a.story_seq > $1`: the
    // planner's statistics lag behind a table growing this fast (auto_explain
    // saw a range on ids estimated as every article and scanned in full, 14
    // to 38 ms a document); an array of values is an index lookup whatever
    // the statistics say. Under the lock max(story_seq) is final; values lost
    // to rolled-back transactions are only gaps.
    for (const pqxx::row& r :
         run_planned(tx,
                     fmt::format("SELECT {}, a.story_id, a.story_seq FROM articles a "
                                 "WHERE a.story_seq = ANY(ARRAY(SELECT generate_series("
                                 "$1::bigint + 1, (SELECT max(story_seq) FROM articles)))) "
                                 "ORDER BY a.story_seq",
                                 kStoryColumns),
                     last_story_seq)) {
      StoryRowData row = read_story_row(r);
      clusterer->add(r[5].as<std::int64_t>(), {row.title, row.lead, row.time});
      last_story_seq = r[6].as<std::int64_t>();
    }
  }
  // The articles' stories and the joined stories' new ranges are written
  // in one statement each, after the loop, by `id = ANY(array)`.
  std::vector<std::int64_t> articles, article_stories;
  std::map<std::int64_t, std::pair<UnixTime, UnixTime>> joined_ranges;
  for (const pqxx::row& r : run_planned(
           tx,
           fmt::format("SELECT {} FROM articles a WHERE a.id = ANY($1::bigint[]) ORDER BY a.id",
                       kStoryColumns),
           id_array(added))) {
    StoryRowData row = read_story_row(r);
    bool joined = true;
    std::int64_t story = clusterer->assign({row.title, row.lead, row.time}, [&] {
      joined = false;
      return run_prepared(
                 tx,
                 "INSERT INTO stories (created, first_published, last_published) "
                 "VALUES (to_timestamp($1), to_timestamp($2), to_timestamp($2)) RETURNING id",
                 now, row.time)[0][0]
          .as<std::int64_t>();
    });
    if (joined) {
      auto [range, inserted] = joined_ranges.try_emplace(story, row.time, row.time);
      if (!inserted) {
        range->second.first = std::min(range->second.first, row.time);
        range->second.second = std::max(range->second.second, row.time);
      }
    }
    articles.push_back(row.id);
    article_stories.push_back(story);
  }
  if (!joined_ranges.empty()) {
    std::vector<std::int64_t> ids, firsts, lasts;
    for (const auto& [story, range] : joined_ranges) {
      ids.push_back(story);
      firsts.push_back(range.first);
      lasts.push_back(range.second);
    }
    run_planned(tx,
                "UPDATE stories SET first_published = least(first_published, "
                "to_timestamp(($2::bigint[])[array_position($1::bigint[], id)])), "
                "last_published = greatest(last_published, "
                "to_timestamp(($3::bigint[])[array_position($1::bigint[], id)])) "
                "WHERE id = ANY($1::bigint[])",
                id_array(ids), id_array(firsts), id_array(lasts));
  }
  if (articles.empty()) return;
  // Their story_seqs, drawn under the lock (above every story_seq committed
  // before), in the order this poller assigned them, so that the others
  // learn them in the same order.
  std::vector<std::int64_t> seqs;
  for (const pqxx::row& r :
       run_prepared(tx, "SELECT nextval('article_story_seq') FROM generate_series(1, $1)",
                    static_cast<std::int64_t>(articles.size())))
    seqs.push_back(r[0].as<std::int64_t>());
  std::sort(seqs.begin(), seqs.end());
  run_planned(tx,
              "UPDATE articles SET story_id = ($2::bigint[])[array_position($1::bigint[], id)], "
              "story_seq = ($3::bigint[])[array_position($1::bigint[], id)] "
              "WHERE id = ANY($1::bigint[])",
              id_array(articles), id_array(article_stories), id_array(seqs));
  last_story_seq = seqs.back();
}

}  // namespace

std::vector<RecordResult> PgStore::record_polls(const std::vector<PollDocument>& documents) {
  std::vector<RecordResult> results(documents.size());
  for (std::size_t d = 0; d < documents.size(); ++d) {
    const PollDocument& document = documents[d];
    RecordResult& result = results[d];
    for (int attempt = 1;; ++attempt) {
      StoreCounts counts;
      try {
        CheckedDocument checked(document.outcome, document.items, counts.repaired);
        const std::vector<FeedItem>& items = checked.items();
        const FetchOutcome& outcome = checked.outcome();
        auto write = [&](pqxx::dbtransaction& tx) {
          counts.seen = static_cast<int>(items.size());
          DocumentWriter writer(outcome.source_id, document.now);
          std::vector<std::vector<DedupKey>> keys = lookup_keys(items, outcome.source_id);
          lock_story_urls(tx, keys);
          writer.look_up(tx, keys);
          for (std::size_t i = 0; i < items.size(); ++i) {
            int position = items[i].position >= 0 ? items[i].position : static_cast<int>(i);
            switch (writer.write(tx, items[i], keys[i], position)) {
              case DocumentWriter::Result::added:
                ++counts.added;
                break;
              case DocumentWriter::Result::updated:
                ++counts.updated;
                break;
              case DocumentWriter::Result::pruned:
              case DocumentWriter::Result::unchanged:
                break;
            }
          }
          record_fetch(tx, outcome, counts, !items.empty(), document.now);
          // Recorded: this poller's lease of the source ends; next_poll says
          // when it is due again.
          end_own_lease(tx, outcome.source_id);
          if (stories_)
            assign_stories(tx, *story_params_, stories_->clusterer, stories_->last_story_seq,
                           writer.added(), document.now);
        };
        if (open_transaction_) {
          // Part of the caller's transaction: a savepoint, rolled back alone.
          Savepoint savepoint(*open_transaction_, "document");
          write(*open_transaction_);
          savepoint.release();
        } else {
          pqxx::work tx(*connection_);
          write(tx);
          tx.commit();
        }
        result.counts = std::move(counts);
        break;
      } catch (const pqxx::transaction_rollback& e) {
        // A deadlock or serialization failure with another poller: nothing
        // of the document was kept; written again from the start.
        if (stories_) stories_->clusterer.reset();  // what it learnt was rolled back
        if (attempt < kDocumentAttempts && !open_transaction_) {
          // Apart, so that the two pollers do not meet again at once.
          static thread_local std::minstd_rand jitter(std::random_device{}());
          std::this_thread::sleep_for(std::chrono::milliseconds(jitter() % (20 * attempt)));
          continue;
        }
        result.error = std::make_exception_ptr(
            StorageError(fmt::format("{}: storing the poll of source {} (attempt {}): {}",
                                     location_, document.outcome.source_id, attempt, e.what())));
        break;
      } catch (const std::exception& e) {
        // An SQL error, a lost connection, a key another poller kept taking.
        if (stories_) stories_->clusterer.reset();
        result.error = std::make_exception_ptr(
            StorageError(fmt::format("{}: storing the poll of source {}: {}", location_,
                                     document.outcome.source_id, e.what())));
        break;
      } catch (...) {
        if (stories_) stories_->clusterer.reset();
        result.error = std::current_exception();
        break;
      }
    }
  }
  // Inside the caller's transaction, what the clusterer learnt commits only
  // if that transaction does: it is reloaded at the next use.
  if (open_transaction_ && stories_) stories_->clusterer.reset();
  return results;
}

void PgStore::enable_story_assignment(const StoryParams& params) {
  story_params_ = params;
  stories_ = std::make_unique<StoryState>();
}

std::vector<ObservedPoll> PgStore::recent_polls(std::int64_t source_id, UnixTime since, int limit) {
  std::vector<ObservedPoll> polls;
  with_transaction([&](pqxx::work& tx) {
    for (const pqxx::row& r :
         run_prepared(tx,
                      "SELECT extract(epoch FROM started)::bigint, items_new FROM fetches "
                      "WHERE source_id = $1 AND started >= to_timestamp($2) AND error = '' "
                      "ORDER BY started DESC LIMIT $3",
                      source_id, since, limit))
      polls.push_back({r[0].as<std::int64_t>(), r[1].as<std::int64_t>()});
  });
  return polls;
}

std::optional<std::size_t> PgStore::stored_body_length(std::string_view url) {
  std::optional<std::size_t> found;
  const std::string key = DedupKey{DedupKey::Kind::url, 0, normalize_url(url)}.stored();
  with_transaction([&](pqxx::work& tx) {
    pqxx::result r = run_prepared(tx,
                                  "(SELECT length(a.content_text)::bigint FROM article_keys k "
                                  "JOIN articles a ON a.id = k.article_id WHERE k.key = $1) "
                                  "UNION ALL (SELECT -1 FROM tombstones WHERE key = $1) LIMIT 1",
                                  key);
    if (r.empty()) return;
    std::int64_t length = r[0][0].as<std::int64_t>();
    // -1: retention pruned it; a poll would not store it again.
    found = length < 0 ? std::numeric_limits<std::size_t>::max() : static_cast<std::size_t>(length);
  });
  return found;
}

}  // namespace gazette
