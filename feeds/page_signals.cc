#include "feeds/page_signals.h"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cctype>
#include <vector>

#include "feeds/page_document.h"

namespace gazette {
namespace {

bool in_list(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// class/id split into words at every non-alphanumeric character:
// "td-post-sharing-top" -> td post sharing top.
std::vector<std::string_view> words_of(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && !std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
    std::size_t start = i;
    while (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

bool contains_any(std::string_view s, std::initializer_list<std::string_view> needles) {
  for (auto n : needles)
    if (s.find(n) != std::string_view::npos) return true;
  return false;
}

std::vector<std::string> path_segments(const boost::urls::url_view& u) {
  std::vector<std::string> segments;
  for (auto seg : u.segments())
    if (!seg.empty()) segments.push_back(lower(seg));
  return segments;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

}  // namespace

int reader_text_length(std::string_view s, int* commas) {
  int n = 0;
  bool space = true;  // leading whitespace is not counted
  for (unsigned char c : s) {
    if (std::isspace(c)) {
      if (!space) ++n;
      space = true;
    } else if ((c & 0xC0) != 0x80) {
      ++n;
      space = false;
      if (c == ',' && commas) ++*commas;
    }
  }
  if (space && n > 0) --n;  // a trailing space
  return n;
}

bool is_non_content_tag(std::string_view tag) {
  return in_list(tag, {"script", "style", "noscript", "template", "svg", "form", "button", "input",
                       "select", "textarea", "iframe", "object", "embed", "link", "meta", "head",
                       "canvas", "dialog", "math"});
}

bool is_chrome_tag(std::string_view tag) {
  return in_list(tag, {"nav", "footer", "aside", "menu"});
}

bool is_heading_tag(std::string_view tag) {
  return tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6';
}

std::string class_and_id(pugi::xml_node el) {
  std::string s = lower(el.attribute("class").value());
  std::string_view id = el.attribute("id").value();
  if (!id.empty()) {
    if (!s.empty()) s += ' ';
    s += lower(id);
  }
  return s;
}

bool looks_like_ad(pugi::xml_node el) {
  if (std::string_view(el.name()) == "a" && has_token(el.attribute("rel").value(), "sponsored"))
    return true;
  std::string names = class_and_id(el);
  for (auto w : words_of(names))
    if (in_list(w, {"ad", "ads", "advert", "adverts", "advertisement", "advertising", "sponsor",
                    "sponsored", "adsbygoogle", "dfp", "gpt", "taboola", "outbrain"}))
      return true;
  return false;
}

bool looks_like_boilerplate(pugi::xml_node el) {
  std::string role = lower_attribute(el, "role");
  if (in_list(role, {"navigation", "contentinfo", "complementary", "banner", "search", "menu",
                     "menubar", "dialog", "alert"}))
    return true;
  if (looks_like_ad(el)) return true;
  std::string names = class_and_id(el);
  if (names.empty()) return false;
  for (auto w : words_of(names)) {
    if (in_list(
            w,
            {"share",       "sharing",      "sharer",     "sharedaddy", "social",      "comment",
             "comments",    "respond",      "replies",    "related",    "recommended", "newsletter",
             "subscribe",   "subscription", "signup",     "sidebar",    "widget",      "menu",
             "nav",         "navbar",       "navigation", "breadcrumb", "breadcrumbs", "crumbs",
             "footer",      "masthead",     "tags",       "tagcloud",   "pagination",  "pager",
             "prev",        "next",         "previous",   "popup",      "modal",       "cookie",
             "cookies",     "gdpr",         "promo",      "banner",     "author",      "byline",
             "bio",         "disqus",       "print",      "toolbar",    "skip",        "jump",
             "newsletters", "paywall",      "donate",     "donation"}))
      return true;
  }
  return false;
}

bool looks_like_chrome(pugi::xml_node el) {
  std::string role = lower_attribute(el, "role");
  if (in_list(role, {"navigation", "contentinfo", "search", "menu", "menubar", "dialog"}))
    return true;
  if (looks_like_ad(el)) return true;
  std::string names = class_and_id(el);
  if (names.empty()) return false;
  for (auto w : words_of(names)) {
    if (in_list(w, {"share",      "sharing",    "sharer",      "sharedaddy", "social", "comment",
                    "comments",   "respond",    "replies",     "menu",       "nav",    "navbar",
                    "navigation", "breadcrumb", "breadcrumbs", "crumbs",     "footer", "tags",
                    "tagcloud",   "pagination", "pager",       "prev",       "next",   "previous",
                    "cookie",     "cookies",    "gdpr",        "skip",       "byline"}))
      return true;
  }
  return false;
}

int class_weight(pugi::xml_node el) {
  auto weigh = [](std::string_view s) {
    if (s.empty()) return 0;
    int w = 0;
    if (contains_any(s, {"-ad-",     "hidden",     "banner",  "combx",    "comment", "com-",
                         "contact",  "footer",     "gdpr",    "masthead", "media",   "meta",
                         "outbrain", "promo",      "related", "scroll",   "share",   "shoutbox",
                         "sidebar",  "skyscraper", "sponsor", "shopping", "tags",    "widget"}))
      w -= 25;
    if (contains_any(s, {"article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
                         "post", "text", "blog", "story"}))
      w += 25;
    return w;
  };
  return weigh(lower(el.attribute("class").value())) + weigh(lower(el.attribute("id").value()));
}

bool is_hidden(pugi::xml_node el) {
  if (el.attribute("hidden")) return true;
  if (lower_attribute(el, "aria-hidden") == "true") return true;
  std::string style = lower_attribute(el, "style");
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  return style.find("display:none") != std::string::npos ||
         style.find("visibility:hidden") != std::string::npos;
}

std::string url_host(std::string_view absolute_url) {
  auto parsed = boost::urls::parse_uri(absolute_url);
  if (!parsed) return {};
  std::string host = lower(parsed->host());
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

bool is_taxonomy_url(std::string_view absolute_url) {
  auto parsed = boost::urls::parse_uri(absolute_url);
  if (!parsed) return false;
  std::vector<std::string> segments = path_segments(*parsed);
  if (segments.empty() && !parsed->has_query()) return true;  // the site's front page
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& s = segments[i];
    if (in_list(
            s,
            {"category",  "categories",     "tag",      "tags",         "topic",     "topics",
             "author",    "authors",        "section",  "sections",     "label",     "search",
             "login",     "signin",         "register", "wp-login.php", "wp-admin",  "feed",
             "rss",       "account",        "cart",     "profile",      "user",      "users",
             "subscribe", "newsletter",     "about",    "about-us",     "contact",   "contact-us",
             "privacy",   "privacy-policy", "terms",    "cookies",      "advertise", "careers"}))
      return true;
    if (s == "page" && i + 1 < segments.size() && all_digits(segments[i + 1])) return true;
  }
  for (auto param : parsed->params())
    if (in_list(lower(param.key), {"s", "cat", "tag", "page", "paged", "author", "q"})) return true;
  return false;
}

bool is_article_like_url(std::string_view absolute_url) {
  auto parsed = boost::urls::parse_uri(absolute_url);
  if (!parsed) return false;
  if (is_taxonomy_url(absolute_url)) return false;
  std::vector<std::string> segments = path_segments(*parsed);
  for (auto param : parsed->params())
    if ((param.key == "p" || param.key == "id") && all_digits(param.value)) return true;
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    // /2025/10/31/slug or /2025/10/slug: a dated permalink.
    const std::string& s = segments[i];
    if (s.size() == 4 && all_digits(s) && (s[0] == '1' || s[0] == '2') &&
        segments[i + 1].size() <= 2 && all_digits(segments[i + 1]))
      return true;
  }
  if (segments.empty()) return false;
  std::string_view last = segments.back();
  if (last.size() > 5 && (last.ends_with(".html") || last.ends_with(".htm")))
    last = last.substr(0, last.rfind('.'));
  int separators = static_cast<int>(
      std::count_if(last.begin(), last.end(), [](char c) { return c == '-' || c == '_'; }));
  if (separators >= 3 && last.size() >= 20) return true;
  if (separators >= 2 && last.size() >= 15) return true;
  // A long numeric id: /news/12345678 or story-1234567.
  int run = 0;
  for (const std::string& s : segments)
    for (char c : s) {
      run = std::isdigit(static_cast<unsigned char>(c)) ? run + 1 : 0;
      if (run >= 5) return true;
    }
  return false;
}

}  // namespace gazette
