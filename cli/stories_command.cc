#include "cli/stories_command.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "daemon/exit_codes.h"
#include "feeds/text_controls.h"
#include "storage/story_list.h"

namespace gazette {
namespace {

void print_json(const std::vector<StoryRow>& stories) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const StoryRow& s : stories) {
    nlohmann::ordered_json articles = nlohmann::ordered_json::array();
    for (const StoryArticleRow& a : s.members)
      articles.push_back({{"id", a.id},
                          {"title", a.title},
                          {"url", a.url},
                          {"source", a.source_title},
                          {"source_url", a.source_url},
                          {"published", a.published}});
    out.push_back({{"story_id", s.id},
                   {"title", s.title},
                   {"first_published", s.first_published},
                   {"last_published", s.last_published},
                   {"articles", s.articles},
                   {"sources", s.sources},
                   {"members", std::move(articles)}});
  }
  fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

// Stored text came from the network: printed through escape_for_terminal.
void print_text(const std::vector<StoryRow>& stories) {
  for (const StoryRow& s : stories) {
    fmt::print("{}\n  story {}: {} sources, {} articles, {} .. {}\n", escape_for_terminal(s.title),
               s.id, s.sources, s.articles, s.first_published, s.last_published);
    for (const StoryArticleRow& a : s.members)
      fmt::print("  {}  {}: {}\n    {}\n", escape_for_terminal(a.published),
                 escape_for_terminal(a.source_title.empty() ? a.source_url : a.source_title),
                 escape_for_terminal(a.title), escape_for_terminal(a.url));
    fmt::print("\n");
  }
}

}  // namespace

int cmd_stories(const GlobalOptions& options, const StoriesOptions& o) {
  StoryFilter filter;
  if (!o.since.empty()) filter.since = since_option(o.since);
  filter.min_sources = o.min_sources;
  filter.limit = o.limit;
  Config config = load_config_for(options);
  auto db = open_store(config, OpenMode::read_only);
  std::vector<StoryRow> stories = db->list_stories(filter);
  if (o.json)
    print_json(stories);
  else if (stories.empty())
    fmt::print("no stories{}\n",
               o.min_sources > 1 ? fmt::format(" with {} sources or more", o.min_sources) : "");
  else
    print_text(stories);
  return exit_code::ok;
}

}  // namespace gazette
