#include "storage/source_store.h"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <chrono>
#include <set>

#include "base/clock.h"
#include "base/text.h"
#include "base/web_url.h"
#include "feeds/charset.h"
#include "feeds/item_key.h"
#include "feeds/url_normalize.h"
#include "storage/database.h"
#include "storage/time_format.h"

namespace gazette {
namespace {

constexpr const char* kColumns =
    "id, kind, url, fetch_url, CASE WHEN title != '' THEN title ELSE feed_title END, tags, "
    "interval_seconds, etag, last_modified, last_polled, next_poll, last_status, last_error, "
    "error_count, "
    "coalesce((SELECT f.warning FROM fetches f WHERE f.source_id = sources.id "
    "ORDER BY f.started DESC, f.id DESC LIMIT 1), ''), "
    "coalesce(body_hash, ''), publisher_interval, effective_interval, "
    "coalesce(interval_reason, ''), "
    "redirect_url, redirect_count, disabled_at, disabled_reason";

std::optional<UnixTime> optional_time(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return parse_utc(column.getString());
}

SourceRow read_row(SQLite::Statement& q) {
  SourceRow row;
  row.id = q.getColumn(0).getInt64();
  // sources.kind is CHECKed to be one of the two words (storage/migrations.cc).
  row.kind = q.getColumn(1).getString() == "page" ? SourceKind::page : SourceKind::feed;
  row.url = q.getColumn(2).getString();
  row.fetch_url = q.getColumn(3).getString();
  row.title = q.getColumn(4).getString();
  row.tags = split(q.getColumn(5).getString(), ',');
  row.interval_seconds = q.getColumn(6).getInt64();
  row.etag = q.getColumn(7).getString();
  row.last_modified = q.getColumn(8).getString();
  row.last_polled = optional_time(q.getColumn(9));
  row.next_poll = optional_time(q.getColumn(10));
  row.last_status = q.getColumn(11).getInt();
  row.last_error = q.getColumn(12).getString();
  row.error_count = q.getColumn(13).getInt();
  row.last_warning = q.getColumn(14).getString();
  row.body_hash = q.getColumn(15).getString();
  if (!q.getColumn(16).isNull()) row.publisher_interval = q.getColumn(16).getInt64();
  if (!q.getColumn(17).isNull()) row.effective_interval = q.getColumn(17).getInt64();
  row.interval_reason = q.getColumn(18).getString();
  row.redirect_url = q.getColumn(19).getString();
  row.redirect_count = q.getColumn(20).getInt();
  row.disabled_at = optional_time(q.getColumn(21));
  row.disabled_reason = q.getColumn(22).getString();
  return row;
}

}  // namespace

std::string source_config_digest(const SourceConfig& source, std::int64_t interval_seconds) {
  // Each field with its length first: no two entries serialize alike.
  std::string text;
  auto add = [&text](std::string_view field) {
    text += fmt::format("{}:{};", field.size(), field);
  };
  add(to_string(source.kind));
  add(std::to_string(interval_seconds));
  for (const std::string& tag : source.tags) add(tag);
  add("|");
  add(source.title);
  add(source.fetch_full ? "full" : "");
  for (const std::string* rule : {&source.rules.item, &source.rules.title, &source.rules.link,
                                  &source.rules.date, &source.rules.summary})
    add(*rule);
  return sha256_hex(text);
}

std::int64_t SourceStore::upsert(const SourceConfig& source,
                                 std::int64_t default_interval_seconds) {
  if (!upsert_)
    upsert_.emplace(
        db_,
        "INSERT INTO sources (kind, url, fetch_url, title, tags, interval_seconds, created, "
        "config_digest) "
        "VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT(url) DO UPDATE SET kind = excluded.kind, title = excluded.title, "
        "tags = excluded.tags, interval_seconds = excluded.interval_seconds, "
        // A changed entry re-enables a source a 410 disabled (SET sees the old row).
        "disabled_at = CASE WHEN config_digest != excluded.config_digest THEN NULL "
        "ELSE disabled_at END, "
        "disabled_reason = CASE WHEN config_digest != excluded.config_digest THEN '' "
        "ELSE disabled_reason END, "
        "config_digest = excluded.config_digest "
        "RETURNING id");
  // The column invariants (storage/column_checks.h) hold for sources too,
  // whoever adds them (config, `add`, an OPML file): a URL column holds an
  // absolute http(s) URL, text is valid UTF-8 (repaired, as for articles).
  if (!is_absolute_http_url(source.url))
    throw StorageError(fmt::format("source {}: not an absolute http(s) URL", source.url));
  std::string title = source.title, tags = join(source.tags, ",");
  repair_utf8(title);
  repair_utf8(tags);
  SQLite::Statement& q = *upsert_;
  q.tryReset();
  q.bind(1, to_string(source.kind));
  q.bind(2, source.url);
  q.bind(3, title);
  q.bind(4, tags);
  const auto interval = static_cast<std::int64_t>(source.interval ? source.interval->count()
                                                                  : default_interval_seconds);
  q.bind(5, interval);
  q.bind(6, format_utc(unix_now()));
  q.bind(7, source_config_digest(source, interval));
  try {
    q.executeStep();
  } catch (const SQLite::Exception& e) {
    throw StorageError(fmt::format("source {}: {}", source.url, e.what()));
  }
  std::int64_t id = q.getColumn(0).getInt64();
  q.tryReset();  // RETURNING: the statement stays busy until reset
  return id;
}

std::vector<SourceRow> SourceStore::list() {
  SQLite::Statement q(db_, fmt::format("SELECT {} FROM sources ORDER BY id", kColumns));
  std::vector<SourceRow> rows;
  while (q.executeStep()) rows.push_back(read_row(q));
  return rows;
}

std::vector<SourceRow> SourceStore::due(UnixTime now, std::size_t limit) {
  SQLite::Statement q(db_, fmt::format("SELECT {} FROM sources WHERE disabled_at IS NULL AND "
                                       "(next_poll IS NULL OR next_poll <= ?1) "
                                       "ORDER BY next_poll, id LIMIT ?2",
                                       kColumns));
  q.bind(1, format_utc(now));
  q.bind(2, static_cast<std::int64_t>(limit));
  std::vector<SourceRow> rows;
  while (q.executeStep()) rows.push_back(read_row(q));
  return rows;
}

std::optional<UnixTime> SourceStore::next_due_after(UnixTime now) {
  SQLite::Statement q(
      db_, "SELECT min(next_poll) FROM sources WHERE next_poll > ?1 AND disabled_at IS NULL");
  q.bind(1, format_utc(now));
  if (!q.executeStep()) return std::nullopt;
  return optional_time(q.getColumn(0));
}

std::optional<SourceRow> SourceStore::find(const std::string& url) {
  SQLite::Statement q(db_, fmt::format("SELECT {} FROM sources WHERE url = ?1 OR fetch_url = ?1 "
                                       "ORDER BY url = ?1 DESC LIMIT 1",
                                       kColumns));
  q.bind(1, url);
  if (!q.executeStep()) return std::nullopt;
  return read_row(q);
}

bool SourceStore::remove(const std::string& url) {
  SQLite::Statement q(db_, "DELETE FROM sources WHERE url = ?1");
  q.bind(1, url);
  return q.exec() > 0;
}

void SourceStore::set_next_poll(std::int64_t id, UnixTime when) {
  SQLite::Statement q(db_, "UPDATE sources SET next_poll = ?1 WHERE id = ?2");
  q.bind(1, format_utc(when));
  q.bind(2, id);
  q.exec();
}

bool SourceStore::enable(const std::string& url) {
  SQLite::Statement q(db_,
                      "UPDATE sources SET disabled_at = NULL, disabled_reason = '' "
                      "WHERE url = ?1 AND disabled_at IS NOT NULL");
  q.bind(1, url);
  return q.exec() > 0;
}

CanonicalUrlPlan plan_canonical_urls(const std::vector<SourceRow>& rows) {
  CanonicalUrlPlan plan;
  std::set<std::string> urls;
  for (const SourceRow& row : rows) urls.insert(row.url);
  for (const SourceRow& row : rows) {
    if (http_url_problem(row.url)) continue;  // fetching it reports the problem
    std::string canonical = canonical_http_url(row.url);
    if (canonical == row.url) continue;
    if (urls.count(canonical)) {
      plan.duplicates.push_back(
          fmt::format("{} (the same source as {})", url_for_log(row.url), url_for_log(canonical)));
      continue;
    }
    urls.erase(row.url);
    urls.insert(canonical);
    plan.renames.emplace_back(row.id, std::move(canonical));
  }
  return plan;
}

std::vector<std::string> SourceStore::adopt_canonical_urls() {
  CanonicalUrlPlan plan = plan_canonical_urls(list());
  for (const auto& [id, canonical] : plan.renames) {
    // SET expressions all see the row as it was: fetch_url follows the url
    // unless a permanent redirect had moved it elsewhere.
    SQLite::Statement q(db_,
                        "UPDATE sources SET fetch_url = CASE WHEN fetch_url = url THEN ?1 "
                        "ELSE fetch_url END, url = ?1 WHERE id = ?2");
    q.bind(1, canonical);
    q.bind(2, id);
    q.exec();
  }
  return plan.duplicates;
}

}  // namespace gazette
