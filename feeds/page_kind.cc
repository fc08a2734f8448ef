#include "feeds/page_kind.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "feeds/document_budget.h"
#include "feeds/html_text.h"
#include "feeds/page_document.h"
#include "feeds/page_signals.h"

namespace gazette {
namespace {

// schema.org types of pages that list other pages.
bool is_listing_type(std::string_view t) {
  for (std::string_view listing :
       {"CollectionPage", "ItemList", "SearchResultsPage", "Blog", "ProfilePage", "WebSite"})
    if (t == listing) return true;
  return false;
}

int text_length(std::string_view s) { return reader_text_length(s); }

bool is_tag(pugi::xml_node n, std::string_view tag) { return tag == n.name(); }

// A block of one story: <article>, or an element marked as a schema.org
// posting (itemtype .../BlogPosting, .../NewsArticle).
bool is_story_block(pugi::xml_node n) {
  if (is_tag(n, "article")) return true;
  std::string_view type = n.attribute("itemtype").value();
  return type.ends_with("Article") || type.ends_with("BlogPosting");
}

// The start of a block, for teasers: its text length up to 601 code points
// and whether it holds a heading, looking at no more than 64 nodes (a
// heading's neighbour can be the rest of the page, and every heading of a
// list looks at it).
struct Glance {
  int text = 0;
  bool heading = false;
};

Glance glance(pugi::xml_node block) {
  Glance g;
  std::vector<pugi::xml_node> stack{block};
  for (int seen = 0; !stack.empty() && seen < 64 && g.text <= 600; ++seen) {
    pugi::xml_node n = stack.back();
    stack.pop_back();
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      g.text += text_length(n.value()) + 1;
      continue;
    }
    if (n.type() != pugi::node_element || is_non_content_tag(n.name())) continue;
    if (n != block && is_heading_tag(n.name())) g.heading = true;
    for (pugi::xml_node c = n.last_child(); c; c = c.previous_sibling()) stack.push_back(c);
  }
  if (!stack.empty()) g.text = std::max(g.text, 601);  // more than was looked at
  return g;
}

struct Walk {
  PageKindSignals& s;
  std::string_view page_url;
  NodeBudget budget;

  // Per story block: its text outside links and its paragraphs of prose.
  struct Block {
    int own_text = 0;
    int paragraphs = 0;
  };

  void run(pugi::xml_node body) {
    struct Frame {
      pugi::xml_node node;
      pugi::xml_node next;
      int links;   // <a> ancestors
      int block;   // index into blocks, -1 outside one
      bool other;  // inside comments or chrome: story blocks there do not count
    };
    std::vector<Block> blocks;
    std::vector<Frame> stack{{body, body.first_child(), 0, -1, false}};
    while (!stack.empty()) {
      document_budget_tick();
      Frame& f = stack.back();
      if (!f.next) {
        stack.pop_back();
        continue;
      }
      pugi::xml_node child = f.next;
      f.next = child.next_sibling();
      if (!budget.take()) {
        stack.clear();
        break;
      }
      if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
        int n = text_length(child.value());
        s.text_chars += n;
        if (f.links) s.link_chars += n;
        if (f.block >= 0 && !f.links) blocks[f.block].own_text += n;
        continue;
      }
      if (child.type() != pugi::node_element) continue;
      std::string_view name = child.name();
      // Attribute checks only for elements that have attributes: most don't,
      // and this walk sees every element of the page.
      bool attributes = child.first_attribute();
      if (is_non_content_tag(name) || (attributes && is_hidden(child))) continue;
      bool other = f.other || is_chrome_tag(name) || (attributes && looks_like_boilerplate(child));
      int block = f.block;
      if (!other && block < 0 && is_story_block(child)) {
        ++s.story_blocks;
        block = static_cast<int>(blocks.size());
        blocks.push_back({});
      }
      if (block >= 0 && name == "p") ++blocks[block].paragraphs;
      if (is_heading_tag(name) && !other) heading(child);
      stack.push_back({child, child.first_child(), f.links + (name == "a" ? 1 : 0), block, other});
    }
    for (const Block& b : blocks)
      if (b.paragraphs >= 3 && b.own_text >= 400) ++s.story_bodies;
  }

  // A heading that is (nearly all) one link to another page is a headline of
  // a listing; with a sentence or two after it, a teaser.
  void heading(pugi::xml_node h) {
    pugi::xml_node link = h.child("a");
    if (!link)
      link = h.find_node([](pugi::xml_node d) { return is_tag(d, "a") && d.attribute("href"); });
    if (!link) return;
    std::string_view href = link.attribute("href").value();
    if (href.empty() || href.front() == '#') return;
    int all = text_length(inline_text(h)), linked = text_length(inline_text(link));
    if (all == 0 || linked * 10 < all * 8) return;
    ++s.headline_links;
    // The teaser follows the heading, often after a line of meta (date,
    // author) or in the next block of the card: the first text of 40 code
    // points or more among the next few siblings of the heading or of its
    // parent.
    for (pugi::xml_node from : {h, h.parent()}) {
      int looked = 0;
      for (pugi::xml_node next = from.next_sibling(); next && looked < 3;
           next = next.next_sibling()) {
        if (next.type() != pugi::node_element) continue;
        ++looked;
        if (is_heading_tag(next.name())) return;
        Glance g = glance(next);
        if (g.heading) return;
        int n = g.text;
        if (n >= 40 && n <= 600) {
          ++s.teasers;
          return;
        }
      }
    }
  }
};

}  // namespace

PageKind classify_page(const pugi::xml_document& page, std::string_view page_url,
                       const PageMetadata& meta, std::size_t max_nodes, bool dominant_prose) {
  PageKind kind;
  PageKindSignals& s = kind.signals;
  s.og_type = meta.og_type;
  s.json_ld_types = meta.json_ld_types;
  for (const std::string& t : s.json_ld_types) {
    s.json_ld_article = s.json_ld_article || is_article_type(t);
    s.json_ld_listing = s.json_ld_listing || is_listing_type(t);
  }
  s.listing_url = is_taxonomy_url(page_url);
  s.story_url = is_article_like_url(page_url);
  Walk walk{s, page_url, NodeBudget{max_nodes}};
  walk.run(page.child("html").child("body"));

  bool says_article = s.json_ld_article || s.og_type == "article";
  // One full story in its own block: the headlines around it are related
  // stories and sidebars of an article page.
  s.dominant_prose = dominant_prose;
  bool one_story = s.story_bodies == 1 || dominant_prose;
  std::vector<std::string> reasons;
  // Several full stories on one page: a blog front page, a live page of
  // posts. Whatever the metadata says, it is not one article.
  if (s.story_bodies >= 3)
    reasons.push_back(fmt::format("{} full stories in <article> blocks", s.story_bodies));
  // Mostly headlines: teaser headings and a text that is largely links.
  bool headline_page = s.headline_links >= 8 && s.link_share() >= 0.35;
  if (headline_page && !one_story &&
      (!says_article || (s.headline_links >= 15 && s.link_share() >= 0.5)))
    reasons.push_back(fmt::format("{} headline links, {:.0f}% of the text in links",
                                  s.headline_links, s.link_share() * 100));
  if (!says_article && !one_story) {
    if (s.json_ld_listing && !s.story_url && s.headline_links >= 3)
      reasons.push_back("JSON-LD describes a collection, with headlines");
    if (s.listing_url && !s.story_url && s.headline_links >= 5)
      reasons.push_back("a front, section or tag URL, with headlines");
    if (s.teasers >= 5 && s.headline_links >= 5)
      reasons.push_back(fmt::format("{} headlines with teasers", s.teasers));
  }
  if (!reasons.empty()) {
    kind.listing = true;
    for (const std::string& r : reasons) kind.why += (kind.why.empty() ? "" : "; ") + r;
  }
  return kind;
}

}  // namespace gazette
