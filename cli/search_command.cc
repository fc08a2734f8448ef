#include "cli/search_command.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "daemon/exit_codes.h"
#include "feeds/text_controls.h"
#include "storage/article_search.h"

namespace gazette {
namespace {

void print_json(const std::vector<SearchHit>& hits) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const SearchHit& h : hits)
    out.push_back({{"id", h.id},
                   {"title", h.title},
                   {"url", h.url},
                   {"published", h.published},
                   {"source", h.source_title},
                   {"snippet", h.snippet},
                   {"rank", h.rank ? nlohmann::ordered_json(*h.rank) : nullptr}});
  fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

// Stored text came from the network: printed through escape_for_terminal.
void print_text(const std::vector<SearchHit>& hits) {
  for (const SearchHit& h : hits)
    fmt::print("{}\n  {}\n  {}{}{}\n  {}\n\n", escape_for_terminal(h.title),
               escape_for_terminal(h.url), escape_for_terminal(h.published),
               h.source_title.empty() ? "" : "  ", escape_for_terminal(h.source_title),
               escape_for_terminal(h.snippet));
}

}  // namespace

int cmd_search(const GlobalOptions& options, const SearchOptions& search) {
  Config config = load_config_for(options);
  auto db = open_store(config, OpenMode::read_only);
  SearchResults results;
  try {
    results =
        db->search_articles(search.query, search.limit, search.rank_all ? 0 : kDefaultRankWindow);
  } catch (const SearchQueryError& e) {
    throw CommandError{exit_code::usage, e.what()};
  }
  if (search.json) {
    print_json(results.hits);
  } else if (results.hits.empty()) {
    fmt::print("no articles match {}\n", escape_for_terminal(search.query));
  } else {
    if (results.order == SearchOrder::newest)
      fmt::print(
          "More than {} articles match: the most recently stored first, not ranked. Narrow the "
          "query to rank by relevance, or use --rank-all.\n\n",
          kDefaultRankWindow);
    print_text(results.hits);
  }
  return exit_code::ok;
}

}  // namespace gazette
