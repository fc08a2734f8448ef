#include "storage/article_selection.h"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <string_view>
#include <thread>

#include "config/quantity.h"
#include "storage/enclosure_column.h"
#include "storage/time_format.h"

namespace gazette {
namespace {

// {} is the list of columns: all of them, or '' and 0 for content_text and
// seen_in (ArticleColumns::page).
constexpr const char* kSelectSql = R"sql(
SELECT id, title, url, source_url, source_title, tags, author, published, updated,
       first_seen, last_seen, summary, {}, content_html, image_url, categories, {},
       enclosures, story_id
FROM articles_v v
WHERE (?1 IS NULL OR published >= ?1)
  AND (?2 = '' OR EXISTS (SELECT 1 FROM sightings x JOIN sources s ON s.id = x.source_id
                          WHERE x.article_id = v.id AND (s.url = ?2 OR s.fetch_url = ?2)))
  AND (?3 = '' OR EXISTS (SELECT 1 FROM sightings x JOIN sources s ON s.id = x.source_id
                          WHERE x.article_id = v.id
                            AND instr(',' || s.tags || ',', ',' || ?3 || ',') > 0))
ORDER BY published DESC, id DESC
LIMIT ?4
)sql";

void split_list(std::string_view text, std::vector<std::string>& out) {
  out.clear();
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view part = text.substr(start, end - start);
    std::size_t first = part.find_first_not_of(' ');
    if (first != std::string_view::npos)
      out.emplace_back(part.substr(first, part.find_last_not_of(' ') + 1 - first));
    start = end + 1;
  }
}

// A column's bytes, valid until the next step.
std::string_view text_view(SQLite::Statement& q, int index) {
  SQLite::Column column = q.getColumn(index);
  const auto* data = static_cast<const char*>(column.getBlob());  // before size(): SQLite's rule
  return {data, static_cast<std::size_t>(column.size())};
}

// Copies a column into a reused string: no allocation once it has grown.
void read_text(SQLite::Statement& q, int index, std::string& out) {
  out.assign(text_view(q, index));
}

void read_row(SQLite::Statement& q, ArticleRecord& r) {
  r.id = q.getColumn(0).getInt64();
  read_text(q, 1, r.title);
  read_text(q, 2, r.url);
  read_text(q, 3, r.source_url);
  read_text(q, 4, r.source_title);
  split_list(text_view(q, 5), r.tags);
  read_text(q, 6, r.author);
  read_text(q, 7, r.published);
  if (q.getColumn(8).isNull())
    r.updated.reset();
  else
    read_text(q, 8, r.updated.emplace());
  read_text(q, 9, r.first_seen);
  read_text(q, 10, r.last_seen);
  read_text(q, 11, r.summary);
  read_text(q, 12, r.content_text);
  read_text(q, 13, r.content_html);
  read_text(q, 14, r.image_url);
  split_list(text_view(q, 15), r.categories);
  r.seen_in = q.getColumn(16).getInt();
  r.enclosures = parse_enclosures_json(text_view(q, 17));
  r.story_id.reset();
  if (!q.getColumn(18).isNull()) r.story_id = q.getColumn(18).getInt64();
}

// Rows are read on a second thread, a batch at a time, while `visit` runs
// on the caller's: reading (SQLite, copying the bodies) and what an export
// does with a row cost about the same, so on two cores an export takes
// little more than the larger of the two. The records of a batch are reused.
class RowReader {
 public:
  explicit RowReader(SQLite::Statement& q) : q_(q), batches_(kBatches) {
    for (Batch& b : batches_) {
      b.rows.resize(kBatchRows);
      empty_.push_back(&b);
    }
    thread_ = std::thread([this] { run(); });
  }

  ~RowReader() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  void visit_all(const std::function<void(const ArticleRecord&)>& visit) {
    for (;;) {
      Batch* batch;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return !full_.empty() || done_; });
        if (full_.empty()) break;
        batch = full_.front();
        full_.pop_front();
      }
      for (std::size_t i = 0; i < batch->count; ++i) visit(batch->rows[i]);
      {
        std::lock_guard lock(mutex_);
        empty_.push_back(batch);
      }
      changed_.notify_all();
    }
    if (error_) std::rethrow_exception(error_);
  }

 private:
  static constexpr std::size_t kBatchRows = 64;
  static constexpr std::size_t kBatches = 4;

  struct Batch {
    std::vector<ArticleRecord> rows;
    std::size_t count = 0;
  };

  void run() {
    try {
      for (bool last = false; !last;) {
        Batch* batch;
        {
          std::unique_lock lock(mutex_);
          changed_.wait(lock, [this] { return !empty_.empty() || stop_; });
          if (stop_) return;
          batch = empty_.front();
          empty_.pop_front();
        }
        batch->count = 0;
        while (batch->count < kBatchRows && q_.executeStep())
          read_row(q_, batch->rows[batch->count++]);
        last = batch->count < kBatchRows;
        {
          std::lock_guard lock(mutex_);
          full_.push_back(batch);
          done_ = last;
        }
        changed_.notify_all();
      }
    } catch (...) {
      std::lock_guard lock(mutex_);
      error_ = std::current_exception();
      done_ = true;
      changed_.notify_all();
    }
  }

  SQLite::Statement& q_;
  std::vector<Batch> batches_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch*> empty_, full_;
  bool done_ = false;  // the reader is finished: all rows are in full_
  bool stop_ = false;  // the caller is finished (or gave up)
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace

void for_each_article(SQLite::Database& db, const ArticleFilter& filter,
                      const std::function<void(const ArticleRecord&)>& visit,
                      ArticleColumns columns) {
  bool all = columns == ArticleColumns::all;
  SQLite::Statement q(db,
                      fmt::format(kSelectSql, all ? "content_text" : "''", all ? "seen_in" : "0"));
  if (filter.since)
    q.bind(1, format_utc(*filter.since));
  else
    q.bind(1);
  q.bind(2, filter.source_url);
  q.bind(3, filter.tag);
  q.bind(4, filter.limit.value_or(-1));
  RowReader(q).visit_all(visit);
}

void split_list_column(std::string_view text, std::vector<std::string>& out) {
  split_list(text, out);
}

std::optional<UnixTime> parse_since(std::string_view text, UnixTime now) {
  if (auto t = parse_utc(text)) return t;
  if (text.size() == 10) {
    if (auto t = parse_utc(std::string(text) + "T00:00:00Z")) return t;
  }
  // Further back than year 0, the first format_utc writes as a four-digit
  // year, is "everything": clamp there rather than format a wrapped year.
  constexpr UnixTime kEarliest = -62'167'219'200;  // 0000-01-01T00:00:00Z
  QuantityProblem problem = QuantityProblem::none;
  auto d = parse_duration(text, &problem);
  if (problem == QuantityProblem::too_large) return kEarliest;
  if (d)
    return std::max(now - std::chrono::duration_cast<std::chrono::seconds>(*d).count(), kEarliest);
  return std::nullopt;
}

}  // namespace gazette
