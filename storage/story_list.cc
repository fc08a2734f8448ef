#include "storage/story_list.h"

#include <SQLiteCpp/Statement.h>

#include "storage/time_format.h"

namespace gazette {

std::vector<StoryRow> list_stories(SQLite::Database& db, const StoryFilter& filter) {
  // The stories table narrows by time first (its index). The view is an
  // aggregate, which SQLite computes whole unless the WHERE bounds its
  // GROUP BY column: the least id of the stories asked for bounds it, so
  // that only the recent stories are aggregated however many the database
  // holds.
  std::string since = filter.since ? format_utc(*filter.since) : std::string();
  SQLite::Statement first(db, "SELECT coalesce(min(id), 0) FROM stories WHERE last_published >= ?");
  first.bind(1, since);
  first.executeStep();
  std::int64_t first_id = first.getColumn(0).getInt64();
  SQLite::Statement q(db,
                      "SELECT story_id, title, first_published, last_published, articles, sources "
                      "FROM stories_v WHERE story_id >= ?4 AND story_id IN (SELECT id FROM stories "
                      "WHERE last_published >= ?1) AND sources >= ?2 "
                      "ORDER BY sources DESC, articles DESC, last_published DESC, story_id DESC "
                      "LIMIT ?3");
  q.bind(1, since);
  q.bind(2, filter.min_sources);
  q.bind(3, filter.limit);
  q.bind(4, first_id);
  std::vector<StoryRow> out;
  while (q.executeStep()) {
    StoryRow s;
    s.id = q.getColumn(0).getInt64();
    s.title = q.getColumn(1).getString();
    s.first_published = q.getColumn(2).getString();
    s.last_published = q.getColumn(3).getString();
    s.articles = q.getColumn(4).getInt64();
    s.sources = q.getColumn(5).getInt64();
    out.push_back(std::move(s));
  }
  SQLite::Statement m(db,
                      "SELECT id, title, url, source_title, source_url, published FROM articles_v "
                      "WHERE story_id = ? ORDER BY published, id");
  for (StoryRow& s : out) {
    m.reset();
    m.bind(1, s.id);
    while (m.executeStep())
      s.members.push_back({m.getColumn(0).getInt64(), m.getColumn(1).getString(),
                           m.getColumn(2).getString(), m.getColumn(3).getString(),
                           m.getColumn(4).getString(), m.getColumn(5).getString()});
  }
  return out;
}

}  // namespace gazette
