// What `gazette extract` prints about one page: for people writing rules,
// and for tests.
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"

namespace gazette {

// Plain text: title, byline, date, then the article's text; or, for a page
// that is not an article, its headlines by block.
std::string page_report_text(std::string_view body, std::string_view content_type,
                             std::string_view url);

// Everything extracted, as a JSON document: article fields, headlines with
// their blocks, advertised feeds, the charset decision, and what `rules`
// matched when given.
std::string page_report_json(std::string_view body, std::string_view content_type,
                             std::string_view url, const PageRules* rules);

}  // namespace gazette
