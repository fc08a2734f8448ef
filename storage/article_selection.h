// Which articles an export includes, read from the articles_v view in a
// fixed order (newest first, then by id) so that exports are deterministic.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/enclosures.h"
#include "feeds/feed_item.h"

namespace gazette {

// One row of articles_v (docs/schema.md), lists split.
struct ArticleRecord {
  std::int64_t id = 0;
  std::string title;
  std::string url;
  std::string source_url;
  std::string source_title;
  std::vector<std::string> tags;  // of the source that saw it first
  std::string author;
  std::string published;  // UTC ISO-8601; first_seen when the source gave none
  std::optional<std::string> updated;
  std::string first_seen;
  std::string last_seen;
  std::string summary;
  std::string content_text;
  std::string content_html;  // sanitized at ingest
  std::string image_url;
  std::vector<std::string> categories;
  int seen_in = 0;
  std::vector<Enclosure> enclosures;     // articles_v.enclosures, read back
  std::optional<std::int64_t> story_id;  // articles_v.story_id: NULL when not clustered
};

struct ArticleFilter {
  std::optional<UnixTime> since;  // published (or first seen) at or after
  std::string source_url;         // seen in this source (url or current fetch url)
  std::string tag;                // seen in a source with this tag
  std::optional<std::int64_t> limit;
};

// Which columns a caller reads. `page` leaves content_text empty and
// seen_in 0: a Hugo page shows neither, and an unchanged export of 100,000
// articles should not read 100,000 plain-text bodies.
enum class ArticleColumns { all, page };

// Calls `visit` for each selected article, newest first, one row in memory
// at a time.
void for_each_article(SQLite::Database& db, const ArticleFilter& filter,
                      const std::function<void(const ArticleRecord&)>& visit,
                      ArticleColumns columns = ArticleColumns::all);

// A list column of articles_v (tags, categories) as for_each_article splits
// it: the comma-separated parts, spaces around them trimmed, empty ones left
// out. For the other engines' readers (storage/postgres/).
void split_list_column(std::string_view text, std::vector<std::string>& out);

// "2026-11-20", "2026-11-20T06:45:00Z", or a duration back from `now`
// ("24h", "7d"; config/quantity.h). nullopt when it is none of these. A
// duration reaching back before year 0 gives 0000-01-01T00:00:00Z.
std::optional<UnixTime> parse_since(std::string_view text, UnixTime now);

}  // namespace gazette
