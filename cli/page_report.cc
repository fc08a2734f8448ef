#include "cli/page_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "feeds/article_extractor.h"
#include "feeds/feed_discovery.h"
#include "feeds/headline_extractor.h"
#include "feeds/page_document.h"
#include "feeds/page_rules.h"
#include "storage/time_format.h"

namespace gazette {
namespace {

nlohmann::json optional_time(const std::optional<UnixTime>& t) {
  return t ? nlohmann::json(format_utc(*t)) : nlohmann::json(nullptr);
}

}  // namespace

std::string page_report_text(std::string_view body, std::string_view content_type,
                             std::string_view url) {
  PageDocument page = parse_page(body, content_type, url);
  ExtractedArticle article = extract_article(page.dom, page.url, page.base_url);
  std::string out;
  if (article.is_article) {
    out += article.title + "\n";
    if (!article.author.empty()) out += "By " + article.author + "\n";
    if (article.published) out += format_utc(*article.published) + "\n";
    out += "\n" + article.content_text + "\n";
    return out;
  }
  if (!article.listing_why.empty())
    out += fmt::format("{}: not an article page: a listing ({}); headlines:\n", url,
                       article.listing_why);
  else
    out += fmt::format("{}: not an article page; headlines:\n", url);
  std::string block = "\x01";
  for (const Headline& h : extract_headlines(page.dom, page.url, page.base_url)) {
    if (h.block != block) {
      block = h.block;
      out += "\n[" + (block.empty() ? std::string("(no heading)") : block) + "]\n";
    }
    out += fmt::format("  {}\n    {}\n", h.title, h.url);
  }
  return out;
}

std::string page_report_json(std::string_view body, std::string_view content_type,
                             std::string_view url, const PageRules* rules) {
  PageDocument page = parse_page(body, content_type, url);
  ExtractedArticle a = extract_article(page.dom, page.url, page.base_url);
  nlohmann::json out;
  out["url"] = page.url;
  out["charset"] = {{"charset", page.charset.charset}, {"source", page.charset.source}};
  out["is_article"] = a.is_article;
  out["is_article_why"] = std::string(to_string(a.is_article_why));
  out["listing_why"] = a.listing_why;
  const PageKindSignals& ps = a.page_signals;
  out["page_signals"] = {{"og_type", ps.og_type},
                         {"json_ld_types", ps.json_ld_types},
                         {"json_ld_article", ps.json_ld_article},
                         {"json_ld_listing", ps.json_ld_listing},
                         {"text_chars", ps.text_chars},
                         {"link_chars", ps.link_chars},
                         {"link_share", ps.link_share()},
                         {"headline_links", ps.headline_links},
                         {"teasers", ps.teasers},
                         {"story_blocks", ps.story_blocks},
                         {"story_bodies", ps.story_bodies},
                         {"listing_url", ps.listing_url},
                         {"story_url", ps.story_url},
                         {"dominant_prose", ps.dominant_prose}};
  out["article"] = {{"title", a.title},
                    {"author", a.author},
                    {"canonical_url", a.canonical_url},
                    {"foreign_canonical_url", a.foreign_canonical_url},
                    {"image_url", a.image_url},
                    {"description", a.description},
                    {"published", optional_time(a.published)},
                    {"modified", optional_time(a.modified)},
                    {"categories", a.categories},
                    {"content_html", a.content_html},
                    {"content_text", a.content_text},
                    {"next_page_url", a.next_page_url},
                    {"amp", a.amp}};
  nlohmann::json headlines = nlohmann::json::array();
  for (const Headline& h : extract_headlines(page.dom, page.url, page.base_url)) {
    nlohmann::json blocks = nlohmann::json::array();
    for (const HeadlineSighting& s : h.sightings)
      blocks.push_back({{"block", s.block}, {"position", s.position}});
    headlines.push_back({{"url", h.url},
                         {"title", h.title},
                         {"teaser", h.teaser},
                         {"published", optional_time(h.published)},
                         {"seen_in", blocks}});
  }
  out["headlines"] = headlines;
  nlohmann::json feeds = nlohmann::json::array();
  for (const DiscoveredFeed& f : discover_feeds(page.dom, page.base_url))
    feeds.push_back({{"url", f.url}, {"type", f.type}, {"title", f.title}});
  out["feeds"] = feeds;
  if (rules && !rules->empty()) {
    RuleMatches m = apply_page_rules(page.dom, *rules, page.base_url);
    nlohmann::json items = nlohmann::json::array();
    for (const FeedItem& i : m.items)
      items.push_back({{"url", i.url},
                       {"title", i.title},
                       {"published", optional_time(i.published)},
                       {"summary", i.summary_html}});
    out["rules"] = {{"item_nodes", m.item_nodes},
                    {"without_link", m.without_link},
                    {"without_date", m.without_date},
                    {"items", items}};
  }
  return out.dump(2) + "\n";
}

}  // namespace gazette
