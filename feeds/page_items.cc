#include "feeds/page_items.h"

#include <set>

#include "feeds/article_extractor.h"
#include "feeds/headline_extractor.h"
#include "feeds/item_key.h"
#include "feeds/normalize.h"
#include "feeds/page_document.h"
#include "feeds/page_rules.h"
#include "feeds/url_normalize.h"

namespace gazette {

PageItems page_items(std::string_view body, std::string_view content_type, std::string_view url,
                     const PageRules* rules, UnixTime now) {
  PageItems out;
  PageDocument page = parse_page(body, content_type, url);
  std::set<std::string> followed;
  std::string own_url = normalize_url(url);

  ExtractedArticle article = extract_article(page.dom, page.url, page.base_url);
  out.title = one_line(article.site_name.empty() ? article.title : article.site_name);
  if (article.is_article) {
    out.is_article = true;
    FeedItem item = to_feed_item(article);
    normalize_item(item, page.url, now);
    own_url = normalize_url(item.url);
    out.items.push_back(std::move(item));
    out.next_page_url = article.next_page_url;
    out.amp = article.amp;
  }
  // The story's next page is joined to it, not followed as a story of its own.
  std::string next_key = out.next_page_url.empty() ? "" : normalize_url(out.next_page_url);

  auto add_follow = [&](const std::string& link) {
    if (!is_absolute_http_url(link)) return;  // never fetch javascript:, file:, ...
    std::string key = normalize_url(link);
    if (key != own_url && key != next_key && followed.insert(key).second)
      out.follow.push_back(link);
  };
  if (rules && !rules->empty()) {
    RuleMatches matches = apply_page_rules(page.dom, *rules, page.base_url);
    int position = 0;
    for (FeedItem& item : matches.items) {
      item.position = ++position;
      normalize_item(item, page.url, now);
      add_follow(item.url);
      out.items.push_back(std::move(item));
    }
    return out;
  }
  for (const Headline& headline : extract_headlines(page.dom, page.url, page.base_url)) {
    if (normalize_url(headline.url) == own_url) continue;  // the page's own link in a list
    FeedItem base = to_feed_item(headline);
    normalize_item(base, page.url, now);
    // One item per place it stood, so every block is recorded as a sighting.
    if (headline.sightings.empty()) {
      base.position = headline.position;
      out.items.push_back(base);
    }
    for (const HeadlineSighting& sighting : headline.sightings) {
      FeedItem item = base;
      item.block = sighting.block;
      item.position = sighting.position;
      out.items.push_back(std::move(item));
    }
    add_follow(headline.url);
  }
  return out;
}

std::optional<FeedItem> article_item(std::string_view body, std::string_view content_type,
                                     std::string_view url, UnixTime now, std::string* next_page_url,
                                     bool* amp) {
  PageDocument page = parse_page(body, content_type, url);
  ExtractedArticle article = extract_article(page.dom, page.url, page.base_url);
  if (next_page_url) *next_page_url = article.next_page_url;
  if (amp) *amp = article.amp;
  if (!article.is_article) return std::nullopt;
  FeedItem item = to_feed_item(article);
  normalize_item(item, page.url, now);
  return item;
}

void append_story_page(FeedItem& story, const FeedItem& page) {
  if (page.content_text.empty()) return;
  story.content_html += page.content_html;
  if (!story.content_text.empty()) story.content_text += "\n\n";
  story.content_text += page.content_text;
  story.content_hash = content_hash(story);
}

}  // namespace gazette
