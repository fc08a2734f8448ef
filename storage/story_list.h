// Reading stories back (stories_v): what `gazette stories` lists.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "feeds/feed_item.h"

namespace gazette {

struct StoryArticleRow {
  std::int64_t id = 0;
  std::string title;
  std::string url;
  std::string source_title;
  std::string source_url;
  std::string published;
};

struct StoryRow {
  std::int64_t id = 0;
  std::string title;  // its first article's
  std::string first_published;
  std::string last_published;
  std::int64_t articles = 0;
  std::int64_t sources = 0;
  std::vector<StoryArticleRow> members;  // first published first
};

struct StoryFilter {
  std::optional<UnixTime> since;  // stories with an article published at or after
  std::int64_t min_sources = 1;
  std::int64_t limit = 50;
};

// Biggest first: most sources, then most articles, then the most recent.
std::vector<StoryRow> list_stories(SQLite::Database& db, const StoryFilter& filter);

}  // namespace gazette
