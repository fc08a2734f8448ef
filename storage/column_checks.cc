#include "storage/column_checks.h"

#include <fmt/format.h>

#include "feeds/charset.h"
#include "feeds/text_controls.h"
#include "feeds/url_normalize.h"
#include "storage/poll_recorder.h"

namespace gazette {
namespace {

// The column each text field of an item is written to, and the field.
template <typename Item, typename Visit>
void for_each_text(Item& item, Visit visit) {
  visit("guid", item.guid);
  visit("url", item.url);
  visit("title", item.title);
  visit("author", item.author);
  visit("summary", item.summary_text);
  visit("summary_html", item.summary_html);
  visit("content_html", item.content_html);
  visit("content_text", item.content_text);
  visit("image_url", item.image_url);
  visit("block", item.block);
  for (auto& category : item.categories) visit("categories", category);
}

template <typename Outcome, typename Visit>
void for_each_text_of_outcome(Outcome& outcome, Visit visit) {
  visit("error", outcome.error);
  visit("etag", outcome.etag);
  visit("last_modified", outcome.last_modified);
  visit("fetch_url", outcome.permanent_url);
  visit("feed_title", outcome.feed_title);
  visit("redirect_url", outcome.redirect_url);
  visit("disabled_reason", outcome.disable_reason);
}

bool url_fits(const std::string& url) { return url.empty() || is_absolute_http_url(url); }

// Shown in a log line: short, and harmless on a terminal.
std::string shown_value(const std::string& value) {
  constexpr std::size_t kShown = 80;
  std::string shown = value.substr(0, kShown);
  repair_utf8(shown);
  return escape_for_terminal(shown) + (value.size() > kShown ? "..." : "");
}

void fit_url(const char* column, std::string& url, std::vector<std::string>& problems) {
  if (url_fits(url)) return;
  problems.push_back(
      fmt::format("{}: not an absolute http(s) URL, dropped: {}", column, shown_value(url)));
  url.clear();
}

void fit_text(const char* column, std::string& text, std::vector<std::string>& problems) {
  if (repair_utf8(text))
    problems.push_back(fmt::format("{}: invalid UTF-8 replaced with U+FFFD", column));
}

}  // namespace

bool item_fits_columns(const FeedItem& item) {
  bool fits = url_fits(item.url) && url_fits(item.image_url);
  for_each_text(item,
                [&](const char*, const std::string& text) { fits = fits && is_valid_utf8(text); });
  return fits;
}

void fit_item_to_columns(FeedItem& item, std::vector<std::string>& problems) {
  for_each_text(item,
                [&](const char* column, std::string& text) { fit_text(column, text, problems); });
  std::string url = item.url;
  fit_url("url", item.url, problems);
  if (item.url != url) item.link_key.clear();  // the key of a link that is no more
  fit_url("image_url", item.image_url, problems);
}

bool outcome_fits_columns(const FetchOutcome& outcome) {
  bool fits = url_fits(outcome.permanent_url) && url_fits(outcome.redirect_url);
  for_each_text_of_outcome(
      outcome, [&](const char*, const std::string& text) { fits = fits && is_valid_utf8(text); });
  return fits;
}

void fit_outcome_to_columns(FetchOutcome& outcome, std::vector<std::string>& problems) {
  for_each_text_of_outcome(
      outcome, [&](const char* column, std::string& text) { fit_text(column, text, problems); });
  fit_url("fetch_url", outcome.permanent_url, problems);
  fit_url("redirect_url", outcome.redirect_url, problems);
  if (outcome.redirect_url.empty()) outcome.redirect_count = 0;
}

}  // namespace gazette
