#include "storage/article_selection.h"

#include <SQLiteCpp/Statement.h>

#include <chrono>

#include "config/quantity.h"
#include "storage/time_format.h"

namespace gazette {
namespace {

constexpr const char* kSelectSql = R"sql(
SELECT id, title, url, source_url, source_title, tags, author, published, updated,
       first_seen, last_seen, summary, content_text, content_html, image_url, categories,
       seen_in
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

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string part = text.substr(start, end - start);
    std::size_t first = part.find_first_not_of(' ');
    if (first != std::string::npos)
      out.push_back(part.substr(first, part.find_last_not_of(' ') + 1 - first));
    start = end + 1;
  }
  return out;
}

}  // namespace

void for_each_article(SQLite::Database& db, const ArticleFilter& filter,
                      const std::function<void(const ArticleRecord&)>& visit) {
  SQLite::Statement q(db, kSelectSql);
  if (filter.since)
    q.bind(1, format_utc(*filter.since));
  else
    q.bind(1);
  q.bind(2, filter.source_url);
  q.bind(3, filter.tag);
  q.bind(4, filter.limit.value_or(-1));
  ArticleRecord r;
  while (q.executeStep()) {
    r.id = q.getColumn(0).getInt64();
    r.title = q.getColumn(1).getString();
    r.url = q.getColumn(2).getString();
    r.source_url = q.getColumn(3).getString();
    r.source_title = q.getColumn(4).getString();
    r.tags = split_list(q.getColumn(5).getString());
    r.author = q.getColumn(6).getString();
    r.published = q.getColumn(7).getString();
    if (q.getColumn(8).isNull())
      r.updated.reset();
    else
      r.updated = q.getColumn(8).getString();
    r.first_seen = q.getColumn(9).getString();
    r.last_seen = q.getColumn(10).getString();
    r.summary = q.getColumn(11).getString();
    r.content_text = q.getColumn(12).getString();
    r.content_html = q.getColumn(13).getString();
    r.image_url = q.getColumn(14).getString();
    r.categories = split_list(q.getColumn(15).getString());
    r.seen_in = q.getColumn(16).getInt();
    visit(r);
  }
}

std::optional<UnixTime> parse_since(std::string_view text, UnixTime now) {
  if (auto t = parse_utc(text)) return t;
  if (text.size() == 10) {
    if (auto t = parse_utc(std::string(text) + "T00:00:00Z")) return t;
  }
  if (auto d = parse_duration(text))
    return now - std::chrono::duration_cast<std::chrono::seconds>(*d).count();
  return std::nullopt;
}

}  // namespace gazette
