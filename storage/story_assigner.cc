#include "storage/story_assigner.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <string>

#include "storage/time_format.h"

namespace gazette {
namespace {

// A published date further ahead of when the article was first seen is a
// feed's mistake; believed, it would move the window forward and make the
// clustering forget every story of today.
constexpr UnixTime kMaxAhead = 86400;

// What an article's lead is: its summary, else the start of its text.
constexpr const char* kArticleColumns =
    "a.id, a.title, CASE WHEN a.summary != '' THEN a.summary ELSE substr(a.content_text, 1, 600) "
    "END, coalesce(a.published, a.first_seen), a.first_seen";

struct Row {
  std::int64_t id;
  std::string title;
  std::string lead;
  UnixTime time;
};

Row read_row(SQLite::Statement& q) {
  Row r{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(), 0};
  std::optional<UnixTime> first_seen = parse_utc(q.getColumn(4).getString());
  std::optional<UnixTime> published = parse_utc(q.getColumn(3).getString());
  r.time = published.value_or(first_seen.value_or(0));
  if (first_seen && r.time > *first_seen + kMaxAhead) r.time = *first_seen;
  return r;
}

}  // namespace

struct StoryAssigner::Statements {
  explicit Statements(SQLite::Database& db)
      : new_articles(db, std::string("SELECT ") + kArticleColumns +
                             " FROM articles a WHERE a.id > ? ORDER BY a.id"),
        insert_story(db,
                     "INSERT INTO stories (created, first_published, last_published) "
                     "VALUES (?1, ?2, ?2)"),
        extend_story(db,
                     "UPDATE stories SET first_published = min(first_published, ?2), "
                     "last_published = max(last_published, ?2) WHERE id = ?1"),
        set_story(db, "UPDATE articles SET story_id = ?2 WHERE id = ?1") {}
  SQLite::Statement new_articles;
  SQLite::Statement insert_story;
  SQLite::Statement extend_story;
  SQLite::Statement set_story;
};

StoryAssigner::StoryAssigner(SQLite::Database& db, StoryParams params)
    : db_(db), params_(params), statements_(std::make_unique<Statements>(db)) {}

StoryAssigner::~StoryAssigner() = default;

void StoryAssigner::reset() { clusterer_.reset(); }

void StoryAssigner::prepare() {
  if (!clusterer_) load();
}

void StoryAssigner::load() {
  clusterer_ = std::make_unique<StoryClusterer>(params_);
  bool any_story = db_.execAndGet("SELECT EXISTS (SELECT 1 FROM stories)").getInt() != 0;
  if (!any_story) {
    last_article_ = db_.execAndGet("SELECT coalesce(max(id), 0) FROM articles").getInt64();
    return;
  }
  last_article_ =
      db_.execAndGet("SELECT coalesce(max(id), 0) FROM articles WHERE story_id IS NOT NULL")
          .getInt64();
  // The stories of the window: those whose newest article is within the
  // window of the newest story's (the stream's time, not the clock's, so
  // that a backlog of old articles still meets its own stories).
  std::string newest = db_.execAndGet("SELECT max(last_published) FROM stories").getString();
  UnixTime horizon = parse_utc(newest).value_or(0) - params_.window;
  SQLite::Statement q(db_, std::string("SELECT ") + kArticleColumns +
                               ", a.story_id FROM articles a JOIN stories s ON s.id = a.story_id "
                               "WHERE s.last_published >= ? AND a.id <= ? ORDER BY a.id");
  q.bind(1, format_utc(horizon));
  q.bind(2, last_article_);
  while (q.executeStep()) {
    Row r = read_row(q);
    clusterer_->add(q.getColumn(5).getInt64(), {r.title, r.lead, r.time});
  }
}

std::int64_t StoryAssigner::assign_new(UnixTime now) {
  prepare();
  std::vector<Row> rows;
  SQLite::Statement& q = statements_->new_articles;
  q.reset();
  q.bind(1, last_article_);
  while (q.executeStep()) rows.push_back(read_row(q));
  q.reset();
  for (const Row& r : rows) {
    std::string when = format_utc(r.time);
    bool joined = true;
    std::int64_t story = clusterer_->assign({r.title, r.lead, r.time}, [&] {
      joined = false;
      SQLite::Statement& i = statements_->insert_story;
      i.reset();
      i.bind(1, format_utc(now));
      i.bind(2, when);
      i.exec();
      return db_.getLastInsertRowid();
    });
    if (joined) {
      SQLite::Statement& u = statements_->extend_story;
      u.reset();
      u.bind(1, story);
      u.bind(2, when);
      u.exec();
    }
    SQLite::Statement& s = statements_->set_story;
    s.reset();
    s.bind(1, r.id);
    s.bind(2, story);
    s.exec();
    last_article_ = std::max(last_article_, r.id);
  }
  return static_cast<std::int64_t>(rows.size());
}

}  // namespace gazette
