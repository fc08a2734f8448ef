#include "feeds/headline_extractor.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "feeds/date_parser.h"
#include "feeds/document_budget.h"
#include "feeds/html_text.h"
#include "feeds/page_document.h"
#include "feeds/page_signals.h"
#include "feeds/url_normalize.h"

namespace gazette {
namespace {

using NodeKey = const void*;
NodeKey key(pugi::xml_node n) { return n.internal_object(); }

struct Link {
  pugi::xml_node anchor;
  std::string url, normalized, text;
  bool in_heading = false;
};

int word_count(std::string_view text) {
  int words = 0;
  bool in_word = false;
  for (unsigned char c : text) {
    bool space = c == ' ';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// Code points, for length limits that treat all scripts alike.
std::size_t length_of(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool heading_near(pugi::xml_node a) {
  // <h3><a>..</a></h3>, or <a><h3>..</h3></a> as card themes write it.
  pugi::xml_node n = a.parent();
  for (int i = 0; i < 3 && n; ++i, n = n.parent())
    if (is_heading_tag(n.name())) return true;
  for (pugi::xml_node c : a.children())
    if (c.type() == pugi::node_element && is_heading_tag(c.name())) return true;
  return false;
}

// A link inside running prose ("as <a>we reported</a> last week") is a
// citation, not a headline: its paragraph says much more than it does.
bool inside_prose(pugi::xml_node a, std::size_t text_length) {
  for (pugi::xml_node n = a.parent(); n; n = n.parent()) {
    std::string_view tag = n.name();
    if (tag == "p" || tag == "blockquote" || tag == "dd") {
      std::size_t block = length_of(inline_text(n));
      return block > text_length * 2 + 40;
    }
    if (tag == "div" || tag == "li" || tag == "article" || tag == "section" || tag == "body" ||
        is_heading_tag(tag))
      return false;
  }
  return false;
}

class HeadlineFinder {
 public:
  HeadlineFinder(const pugi::xml_document& page, std::string_view page_url,
                 std::string_view base_url, const HeadlineOptions& options)
      : page_(page), base_url_(base_url), options_(options), budget_{options.max_nodes} {
    self_ = normalize_url(page_url);
    site_ = url_host(page_url.empty() ? base_url : page_url);
  }

  std::vector<Headline> run() {
    measure_text();
    collect_links();
    index_ancestors();
    return assemble();
  }

 private:
  // Text length of every element (one post-order pass), so that an item
  // never grows into a region that says much more than its headline.
  void measure_text() {
    struct Frame {
      pugi::xml_node node, next;
      std::size_t length = 0;
    };
    NodeBudget budget{options_.max_nodes};
    pugi::xml_node body = page_.child("html").child("body");
    std::vector<Frame> stack{{body, body.first_child(), 0}};
    while (!stack.empty()) {
      document_budget_tick();
      Frame& f = stack.back();
      if (f.next && budget.take()) {
        pugi::xml_node c = f.next;
        f.next = c.next_sibling();
        if (c.type() == pugi::node_pcdata) {
          for (unsigned char ch : std::string_view(c.value()))
            f.length += (ch & 0xC0) != 0x80 && ch != ' ' && ch != '\n' && ch != '\t';
        } else if (c.type() == pugi::node_element && !is_non_content_tag(c.name())) {
          stack.push_back({c, c.first_child(), 0});
        }
        continue;
      }
      Frame done = stack.back();
      stack.pop_back();
      text_length_[key(done.node)] = done.length;
      if (!stack.empty()) stack.back().length += done.length;
    }
  }

  std::size_t text_length_of(pugi::xml_node n) const {
    auto it = text_length_.find(key(n));
    return it == text_length_.end() ? 0 : it->second;
  }

  // Every acceptable headline link, in document order, skipping chrome.
  void collect_links() {
    pugi::xml_node body = page_.child("html").child("body");
    std::vector<pugi::xml_node> stack;
    for (pugi::xml_node c = body.last_child(); c; c = c.previous_sibling()) stack.push_back(c);
    while (!stack.empty()) {
      pugi::xml_node n = stack.back();
      stack.pop_back();
      if (!budget_.take()) break;
      if (n.type() != pugi::node_element) continue;
      std::string_view tag = n.name();
      if (is_non_content_tag(tag) || tag == "nav" || tag == "footer" || tag == "menu" ||
          is_hidden(n) || looks_like_chrome(n))
        continue;
      if (tag == "a") {
        consider(n);
        continue;
      }
      for (pugi::xml_node c = n.last_child(); c; c = c.previous_sibling()) stack.push_back(c);
    }
  }

  void consider(pugi::xml_node a) {
    std::string_view href = a.attribute("href").value();
    if (href.empty() || href.front() == '#') return;
    std::string_view rel = a.attribute("rel").value();
    for (std::string_view bad : {"tag", "category", "author", "sponsored", "prev", "next", "me"})
      if (has_token(rel, bad)) return;
    std::string url = resolve_url(base_url_, href);
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) return;
    std::string normalized = normalize_url(url);
    if (normalized == self_ || is_taxonomy_url(url)) return;
    // A card link wrapping tag, heading and excerpt: the heading is the title.
    pugi::xml_node heading = a.find_node([](pugi::xml_node d) { return is_heading_tag(d.name()); });
    std::string text = inline_text(heading ? heading : a);
    if (text.empty()) text = collapse_whitespace(a.attribute("title").value());
    bool in_heading = heading_near(a);
    bool same_site = url_host(url) == site_;
    if (options_.same_site_only && !same_site && !in_heading) return;
    std::size_t length = length_of(text);
    int words = word_count(text);
    bool article_url = is_article_like_url(url);
    bool headline = (words >= 4 && (article_url || in_heading)) ||
                    (words >= 3 && article_url && in_heading) || (words >= 6 && length >= 30);
    if (!headline || length > 300 || inside_prose(a, length)) return;
    links_.push_back({a, std::move(url), std::move(normalized), std::move(text), in_heading});
  }

  // For every ancestor of a headline link: which story it holds, or that it
  // holds several (then it is a list, not an item).
  void index_ancestors() {
    for (std::size_t i = 0; i < links_.size(); ++i) {
      for (pugi::xml_node n = links_[i].anchor; n; n = n.parent()) {
        auto [it, fresh] = holder_.try_emplace(key(n), static_cast<int>(i));
        if (!fresh && it->second >= 0 && links_[it->second].normalized != links_[i].normalized)
          it->second = -1;
        if (n.type() == pugi::node_document) break;
      }
    }
  }

  bool holds_headline(pugi::xml_node n) const { return holder_.count(key(n)) > 0; }

  // The largest ancestor that holds only this story: the list item.
  pugi::xml_node item_of(const Link& link) const {
    pugi::xml_node item = link.anchor;
    std::size_t limit = length_of(link.text) * 4 + 400;
    for (pugi::xml_node p = item.parent(); p && p.type() == pugi::node_element; p = p.parent()) {
      auto it = holder_.find(key(p));
      if (it == holder_.end() || it->second < 0) break;
      if (std::string_view(p.name()) == "body" || text_length_of(p) > limit) break;
      item = p;
    }
    return item;
  }

  static std::string label_text(pugi::xml_node n) {
    std::string text = inline_text(n);
    if (text.empty() || length_of(text) > 80) return {};
    return text;
  }

  // A short text before the list that is not itself a story: a heading, or a
  // label such as <span>Trending Now</span>.
  std::string label_of(pugi::xml_node n) const {
    if (is_heading_tag(n.name())) return label_text(n);
    if (pugi::xml_node h = n.find_node([](pugi::xml_node d) { return is_heading_tag(d.name()); }))
      return label_text(h);
    if (n.type() == pugi::node_element && !n.child("a").child("img")) return label_text(n);
    return {};
  }

  // A sibling that links a story (e.g. the item of the page's own story,
  // which is not listed as a headline) is part of a list, never its title.
  bool links_to_story(pugi::xml_node n) const {
    for (pugi::xpath_node a : n.select_nodes(".//a[@href]"))
      if (is_article_like_url(resolve_url(base_url_, a.node().attribute("href").value())))
        return true;
    return false;
  }

  std::string block_title(pugi::xml_node item) const {
    pugi::xml_node node = item;
    for (int level = 0; level < 5 && node && node.type() == pugi::node_element; ++level) {
      if (const char* aria = node.attribute("aria-label").value(); *aria && level > 0)
        return collapse_whitespace(aria);
      for (pugi::xml_node sib = node.previous_sibling(); sib; sib = sib.previous_sibling()) {
        if (sib.type() != pugi::node_element) continue;
        if (holds_headline(sib) || links_to_story(sib)) {
          if (level == 0) continue;  // an earlier item of this same list
          return {};                 // another block's stories: this block has no title
        }
        if (is_non_content_tag(sib.name())) continue;
        if (std::string label = label_of(sib); !label.empty()) return label;
      }
      node = node.parent();
    }
    return {};
  }

  std::string teaser_of(pugi::xml_node item, const std::string& title) const {
    std::string teaser;
    item.find_node([&](pugi::xml_node d) {
      if (d.type() != pugi::node_element || holds_headline(d) || is_heading_tag(d.name()) ||
          is_non_content_tag(d.name()) || std::string_view(d.name()) == "time")
        return false;
      for (pugi::xml_node c : d.children())
        if (c.type() == pugi::node_element && !c.child("a") &&
            !(std::string_view(c.name()) == "span" || std::string_view(c.name()) == "em" ||
              std::string_view(c.name()) == "strong" || std::string_view(c.name()) == "b" ||
              std::string_view(c.name()) == "i" || std::string_view(c.name()) == "br"))
          return false;  // a container: look at its children instead
      std::string text = inline_text(d);
      if (length_of(text) >= 30 && text != title && !parse_date(text)) {
        teaser = std::move(text);
        return true;
      }
      return false;
    });
    return teaser;
  }

  static std::optional<UnixTime> date_of(pugi::xml_node item) {
    if (auto t = item.select_node(".//time[@datetime]"))
      if (auto d = parse_date(t.node().attribute("datetime").value())) return d;
    if (auto t = item.select_node(".//*[@itemprop='datePublished']")) {
      for (const char* attr : {"content", "datetime"})
        if (auto d = parse_date(t.node().attribute(attr).value())) return d;
    }
    if (auto t = item.select_node(".//time"))
      if (auto d = parse_date(inline_text(t.node()))) return d;
    return std::nullopt;
  }

  std::vector<Headline> assemble() {
    std::vector<Headline> out;
    std::map<std::string, std::size_t> index;  // normalized URL -> out[i]
    std::map<std::pair<NodeKey, std::string>, bool> seen_in_block;
    std::map<NodeKey, int> block_counts;
    std::map<NodeKey, std::string> block_titles;
    for (const Link& link : links_) {
      pugi::xml_node item = item_of(link);
      pugi::xml_node list = item.parent();
      if (!seen_in_block.emplace(std::make_pair(key(list), link.normalized), true).second) {
        // The same story again in one item or list (image link + title
        // link): keep the better title.
        auto& h = out[index[link.normalized]];
        if (link.in_heading && h.title.size() < link.text.size()) h.title = link.text;
        continue;
      }
      auto title_it = block_titles.find(key(list));
      if (title_it == block_titles.end())
        title_it = block_titles.emplace(key(list), block_title(item)).first;
      HeadlineSighting sighting{title_it->second, ++block_counts[key(list)]};

      auto [it, fresh] = index.emplace(link.normalized, out.size());
      if (fresh) {
        Headline h;
        h.url = link.url;
        h.normalized_url = link.normalized;
        h.title = link.text;
        h.block = sighting.block;
        h.position = sighting.position;
        out.push_back(std::move(h));
      }
      Headline& h = out[it->second];
      if (link.in_heading && !h.title.empty() && h.title.size() < link.text.size())
        h.title = link.text;
      if (h.teaser.empty()) h.teaser = teaser_of(item, h.title);
      if (!h.published) h.published = date_of(item);
      h.sightings.push_back(std::move(sighting));
    }
    return out;
  }

  const pugi::xml_document& page_;
  std::string base_url_;
  HeadlineOptions options_;
  NodeBudget budget_;
  std::string self_, site_;
  std::vector<Link> links_;
  std::unordered_map<NodeKey, int> holder_;               // link index, or -1 for several stories
  std::unordered_map<NodeKey, std::size_t> text_length_;  // text length of a node, computed once
};

}  // namespace

std::vector<Headline> extract_headlines(const pugi::xml_document& page, std::string_view page_url,
                                        std::string_view base_url, const HeadlineOptions& options) {
  return HeadlineFinder(page, page_url, base_url, options).run();
}

FeedItem to_feed_item(const Headline& headline) {
  FeedItem item;
  item.url = headline.url;
  item.title = headline.title;
  item.summary_html = headline.teaser;
  item.published = headline.published;
  item.block = headline.block;
  return item;
}

}  // namespace gazette
