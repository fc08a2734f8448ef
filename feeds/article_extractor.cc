#include "feeds/article_extractor.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "base/text.h"
#include "feeds/date_parser.h"
#include "feeds/document_budget.h"
#include "feeds/html_sanitizer.h"
#include "feeds/html_text.h"
#include "feeds/page_document.h"
#include "feeds/page_metadata.h"
#include "feeds/page_signals.h"
#include "feeds/registrable_domain.h"
#include "feeds/url_normalize.h"

namespace gazette {
namespace {

// The content scoring follows Mozilla Readability's proven scheme
// (paragraph scores bubbling up to ancestors, class weights, link density,
// sibling merging, conditional cleaning), over pugixml, with a node budget,
// plus a last pass that drops the boilerplate words of page_signals.

using NodeKey = const void*;
NodeKey key(pugi::xml_node n) { return n.internal_object(); }

struct Stats {
  int text = 0;  // code points, whitespace runs counted once
  int link_text = 0;
  int commas = 0;
  int paragraphs = 0;
  int images = 0;
  int list_items = 0;
  int embeds = 0;
  int headings_text = 0;
  bool has_block_child = false;
  bool inside_figure = false;
};

struct Flags {
  bool strip_unlikely = true;
  bool weight_classes = true;
  bool clean_conditionally = true;
};

bool is_tag(pugi::xml_node n, std::initializer_list<std::string_view> tags) {
  std::string_view name = n.name();
  return std::find(tags.begin(), tags.end(), name) != tags.end();
}

// Elements that make a <div> a container rather than a paragraph.
bool is_block_tag(pugi::xml_node n) {
  return is_tag(n, {"blockquote", "dl",      "div",     "img",    "ol",    "p",   "pre", "table",
                    "ul",         "section", "article", "figure", "h1",    "h2",  "h3",  "h4",
                    "h5",         "h6",      "header",  "footer", "aside", "nav", "form"});
}

// A section whose id is the slug of its own heading (docutils, Sphinx,
// Markdown generators: <div id="sharing-with-a-developer"><h2>Sharing with a
// developer</h2>): the id is the story's words, not a name of page chrome.
bool id_is_heading_slug(pugi::xml_node el) {
  std::string_view id = el.attribute("id").value();
  if (id.size() < 6) return false;
  int looked = 0;
  for (pugi::xml_node c = el.first_child(); c && looked < 3; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    ++looked;
    if (!is_heading_tag(c.name())) continue;
    std::string slug;
    for (unsigned char ch : inline_text(c)) {
      if (std::isalnum(ch)) {
        slug += static_cast<char>(std::tolower(ch));
      } else if (!slug.empty() && slug.back() != '-') {
        slug += '-';
      }
    }
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    return !slug.empty() && (slug == id || slug.starts_with(id));
  }
  return false;
}

// ARIA roles of what is beside the story (Readability's unlikely roles).
bool has_side_role(pugi::xml_node el) {
  std::string role = lower_attribute(el, "role");
  for (std::string_view r :
       {"menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"})
    if (role == r) return true;
  return false;
}

// Readability's "unlikely candidates": chrome named by common words, unless
// the same name also says it is the content.
bool is_unlikely_candidate(pugi::xml_node el) {
  if (is_tag(el, {"body", "html", "article", "main"})) return false;
  // Markup that says "the story" beats words in class and id names
  // (id="share-buttons-container" on the article body).
  if (has_token(el.attribute("itemprop").value(), "articleBody")) return false;
  if (has_side_role(el)) return true;
  std::string names = id_is_heading_slug(el) ? lower_attribute(el, "class") : class_and_id(el);
  if (names.empty()) return false;
  static constexpr std::string_view kUnlikely[] = {
      "-ad-",       "ai2html", "banner",     "breadcrumbs",  "combx",    "comment",  "community",
      "cover-wrap", "disqus",  "extra",      "footer",       "gdpr",     "header",   "legends",
      "menu",       "related", "remark",     "replies",      "rss",      "shoutbox", "sidebar",
      "skyscraper", "social",  "sponsor",    "supplemental", "ad-break", "agegate",  "pagination",
      "pager",      "popup",   "yom-remote", "share"};
  static constexpr std::string_view kMaybe[] = {"and",     "article", "body",  "column",
                                                "content", "main",    "shadow"};
  bool unlikely = false;
  for (auto w : kUnlikely)
    if (names.find(w) != std::string::npos) unlikely = true;
  if (!unlikely) return false;
  for (auto w : kMaybe)
    if (names.find(w) != std::string::npos) return false;
  return true;
}

int text_length(std::string_view s, int* commas) { return reader_text_length(s, commas); }

class Extraction {
 public:
  Extraction(pugi::xml_node body, const Flags& flags, std::size_t max_nodes)
      : body_(body), flags_(flags), budget_{max_nodes} {}

  bool exhausted() const { return budget_.exhausted; }

  // Fills `out` (a <div>) with the cleaned main content.
  void run(pugi::xml_node out, std::string_view title) {
    // Once, not per heading: a page can have thousands of headings and a
    // title of any length.
    title_key_ = comparable(title);
    analyse();
    pugi::xml_node top = pick_top_candidate();
    std::vector<pugi::xml_node> roots = merge_siblings(top);
    int total = 0;
    for (auto r : roots) total += stats_of(r).text;
    for (auto r : roots) copy_clean(r, out, total);
  }

 private:
  const Stats& stats_of(pugi::xml_node n) const {
    static const Stats kEmpty;
    auto it = stats_.find(key(n));
    return it == stats_.end() ? kEmpty : it->second;
  }
  double link_density(pugi::xml_node n) const {
    const Stats& s = stats_of(n);
    return s.text == 0 ? 0.0 : static_cast<double>(s.link_text) / s.text;
  }

  // One post-order pass: per-element text statistics, in document order.
  void analyse() {
    struct Frame {
      pugi::xml_node node;
      pugi::xml_node next;
      Stats stats;
    };
    std::vector<Frame> stack;
    stack.push_back({body_, body_.first_child(), {}});
    while (!stack.empty()) {
      document_budget_tick();
      Frame& f = stack.back();
      if (f.next) {
        pugi::xml_node child = f.next;
        f.next = child.next_sibling();
        if (!budget_.take()) {
          f.next = pugi::xml_node();
          continue;
        }
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
          f.stats.text += text_length(child.value(), &f.stats.commas);
          continue;
        }
        if (child.type() != pugi::node_element) continue;
        if (is_non_content_tag(child.name()) || is_hidden(child)) continue;
        if (flags_.strip_unlikely && is_unlikely_candidate(child)) continue;
        elements_.push_back(child);
        Stats s;
        s.inside_figure = f.stats.inside_figure || is_tag(child, {"figure"});
        stack.push_back({child, child.first_child(), s});
        continue;
      }
      Frame done = std::move(stack.back());
      stack.pop_back();
      Stats& s = done.stats;
      pugi::xml_node n = done.node;
      if (is_tag(n, {"a"})) s.link_text = s.text;
      if (is_heading_tag(n.name())) s.headings_text = s.text;
      if (!stack.empty()) {
        Stats& p = stack.back().stats;
        p.text += s.text + (s.text > 0 && p.text > 0 ? 1 : 0);
        p.link_text += s.link_text;
        p.commas += s.commas;
        p.headings_text += s.headings_text;
        p.paragraphs += s.paragraphs + (is_tag(n, {"p"}) ? 1 : 0);
        p.images += s.images + (is_tag(n, {"img"}) ? 1 : 0);
        p.list_items += s.list_items + (is_tag(n, {"li"}) ? 1 : 0);
        p.embeds += s.embeds + (is_tag(n, {"video", "audio", "object", "embed", "iframe"}) ? 1 : 0);
        if (is_block_tag(n)) p.has_block_child = true;
      }
      stats_[key(n)] = s;
    }
  }

  double initial_score(pugi::xml_node n) const {
    double score = 0;
    if (is_tag(n, {"div"}))
      score = 5;
    else if (is_tag(n, {"pre", "td", "blockquote"}))
      score = 3;
    else if (is_tag(n, {"address", "ol", "ul", "dl", "dd", "dt", "li", "form"}))
      score = -3;
    else if (is_heading_tag(n.name()) || is_tag(n, {"th"}))
      score = -5;
    if (flags_.weight_classes) score += class_weight(n);
    return score;
  }

  pugi::xml_node pick_top_candidate() {
    std::unordered_map<NodeKey, double> scores;
    std::vector<pugi::xml_node> candidates;
    for (pugi::xml_node el : elements_) {
      document_budget_tick();
      bool paragraph = is_tag(el, {"p", "pre", "td", "section", "h2", "h3", "h4", "h5", "h6"}) ||
                       (is_tag(el, {"div"}) && !stats_of(el).has_block_child);
      if (!paragraph) continue;
      const Stats& s = stats_of(el);
      if (s.text < 25) continue;
      double score = 1 + s.commas + std::min(s.text / 100, 3);
      pugi::xml_node anc = el.parent();
      for (int level = 0; level < 5 && anc && anc.type() == pugi::node_element; ++level) {
        auto [it, fresh] = scores.try_emplace(key(anc), 0.0);
        if (fresh) {
          it->second = initial_score(anc);
          candidates.push_back(anc);
        }
        it->second += score / (level == 0 ? 1 : level == 1 ? 2 : level * 3);
        if (anc == body_) break;
        anc = anc.parent();
      }
    }
    for (auto c : candidates) scores[key(c)] *= 1 - link_density(c);
    scores_ = std::move(scores);
    if (candidates.empty()) return body_;
    // The page marks its story's text (schema.org microdata): one element
    // with itemprop=articleBody holding real prose is the story, whatever a
    // gallery of captions or a comment thread scores.
    pugi::xml_node marked;
    int marked_count = 0;
    for (pugi::xml_node el : elements_)
      if (has_token(el.attribute("itemprop").value(), "articleBody")) {
        marked = el;
        ++marked_count;
      }
    if (marked_count == 1 && stats_of(marked).text >= 500 && stats_of(marked).paragraphs >= 2 &&
        link_density(marked) < 0.3)
      return marked;
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](auto a, auto b) { return scores_.at(key(a)) > scores_.at(key(b)); });
    pugi::xml_node top = candidates.front();
    double top_score = score_of(top);
    if (top == body_) return body_;

    // Several near-equal candidates under one ancestor: the story is split
    // into sections, take their common ancestor.
    std::vector<pugi::xml_node> alternatives;
    for (std::size_t i = 1; i < std::min<std::size_t>(candidates.size(), 5); ++i)
      if (score_of(candidates[i]) / top_score >= 0.75) alternatives.push_back(candidates[i]);
    if (alternatives.size() >= 3) {
      for (pugi::xml_node parent = top.parent(); parent && parent != body_;
           parent = parent.parent()) {
        int inside = 0;
        for (auto alt : alternatives)
          for (pugi::xml_node a = alt; a; a = a.parent())
            if (a == parent) {
              ++inside;
              break;
            }
        if (inside >= 3) {
          top = parent;
          break;
        }
      }
    }
    // A parent that scores higher holds more of the story.
    double last = score_of(top);
    const double floor = last / 3;  // against the top score, as Readability does
    for (pugi::xml_node parent = top.parent(); parent && parent != body_;
         parent = parent.parent()) {
      if (!scores_.count(key(parent))) continue;
      double s = score_of(parent);
      if (s < floor) break;
      if (s > last) {
        top = parent;
        break;
      }
      last = s;
    }
    // A lone child is the same content as its parent.
    while (top.parent() && top.parent() != body_ && top.parent().type() == pugi::node_element) {
      int elements = 0;
      for (auto c : top.parent().children())
        if (c.type() == pugi::node_element) ++elements;
      if (elements != 1) break;
      top = top.parent();
    }
    return top;
  }

  double score_of(pugi::xml_node n) const {
    auto it = scores_.find(key(n));
    return it == scores_.end() ? 0.0 : it->second;
  }

  std::vector<pugi::xml_node> merge_siblings(pugi::xml_node top) {
    if (top == body_ || !top.parent()) return {top};
    double top_score = score_of(top);
    double threshold = std::max(10.0, top_score * 0.2);
    std::string top_class = top.attribute("class").value();
    std::vector<pugi::xml_node> roots;
    for (pugi::xml_node sib : top.parent().children()) {
      if (sib.type() != pugi::node_element || !stats_.count(key(sib))) continue;
      if (sib == top) {
        roots.push_back(sib);
        continue;
      }
      double bonus =
          (!top_class.empty() && top_class == sib.attribute("class").value()) ? top_score * 0.2 : 0;
      if (scores_.count(key(sib)) && score_of(sib) + bonus >= threshold) {
        roots.push_back(sib);
        continue;
      }
      if (is_tag(sib, {"p"})) {
        const Stats& s = stats_of(sib);
        double ld = link_density(sib);
        std::string text = inline_text(sib);
        if ((s.text > 80 && ld < 0.25) ||
            (s.text > 0 && s.text < 80 && ld == 0 &&
             (text.find(". ") != std::string::npos || text.ends_with('.'))))
          roots.push_back(sib);
      }
    }
    return roots;
  }

  // Readability's _cleanConditionally, for containers inside the content.
  bool remove_conditionally(pugi::xml_node el) const {
    if (!is_tag(el, {"div", "section", "ul", "ol", "table", "form", "fieldset", "dl"}))
      return false;
    const Stats& s = stats_of(el);
    if (is_tag(el, {"table"}) && (el.child("caption") || el.select_node(".//th"))) return false;
    int weight = flags_.weight_classes ? class_weight(el) : 0;
    if (weight + score_of(el) < 0) return true;
    if (s.commas >= 10) return false;
    // A wrapper around a code listing ("$ hg init", one line) is content
    // however short; themes wrap every <pre> in a div or two.
    if (!is_tag(el, {"ul", "ol", "dl", "table"}) && link_density(el) < 0.5 &&
        el.find_node([](pugi::xml_node d) { return is_tag(d, {"pre"}); }))
      return false;
    bool list = is_tag(el, {"ul", "ol", "dl"});
    double ld = link_density(el);
    int p = s.paragraphs, img = s.images, li = s.list_items - 100;
    double heading_density = s.text ? static_cast<double>(s.headings_text) / s.text : 0;
    if (img > 1 && static_cast<double>(p) / img < 0.5 && !s.inside_figure) return true;
    if (!list && li > p) return true;
    if (!list && heading_density < 0.9 && s.text < 25 && (img == 0 || img > 2) && !s.inside_figure)
      return true;
    if (!list && weight < 25 && ld > 0.2) return true;
    if (ld > 0.5) return true;  // lists of headlines
    if ((s.embeds == 1 && s.text < 75) || s.embeds > 1) return true;
    return false;
  }

  static std::string comparable(std::string_view s) {
    std::string out;
    for (unsigned char c : s)
      if (std::isalnum(c) || c >= 0x80) out += static_cast<char>(std::tolower(c));
    return out;
  }

  bool keep(pugi::xml_node el, int total) const {
    if (!stats_.count(key(el))) return false;  // skipped by the analysis
    const Stats& s = stats_of(el);
    // A container with most of the text is the story's, not boilerplate;
    // except a gallery: a list whose items are pictures with captions.
    bool gallery = is_tag(el, {"ul", "ol"}) && s.images >= 3 && s.images * 2 >= s.list_items;
    bool holds_story = s.text * 2 > total && !gallery;
    if ((is_chrome_tag(el.name()) || is_tag(el, {"header"}) ||
         (looks_like_boilerplate(el) && !id_is_heading_slug(el))) &&
        !holds_story)
      return false;
    if (is_heading_tag(el.name())) {
      if (flags_.weight_classes && class_weight(el) < 0) return false;
      if (!title_key_.empty() && comparable(inline_text(el)) == title_key_) return false;
    }
    if (flags_.clean_conditionally && !holds_story && remove_conditionally(el)) return false;
    if (is_tag(el, {"p"}) && s.text == 0 && s.images == 0 && s.embeds == 0) return false;
    if (!holds_story && is_inline_boilerplate(el)) return false;
    return true;
  }

  // Boilerplate between the story's paragraphs, in any language: "Also read:
  // <linked headline>", "Related: <link>", "Read more", a lone link to
  // another story, a share or newsletter prompt, a photo credit or ad label.
  // Judged by shape, not words: a short block that ends in a link and is
  // mostly link text; a short block linking to a share endpoint or a
  // newsletter page; a short block whose class or id says credit or ad label.
  bool is_inline_boilerplate(pugi::xml_node el) const {
    // Blocks only: an inline element ending in a link is part of a sentence,
    // and a heading that is a link titles a section (listicles).
    if (!is_tag(el, {"p", "div", "section"})) return false;
    for (pugi::xml_node a = el.parent(); a && a != body_; a = a.parent())
      if (is_tag(a, {"pre", "code", "table"})) return false;  // code and tables are data
    const Stats& s = stats_of(el);
    if (s.has_block_child && !is_tag(el, {"p"})) return false;
    if (s.text == 0 || s.text >= 220) return false;
    int own = s.text - s.link_text;
    if (s.link_text * 2 >= s.text && own <= 50 && ends_in_link(el)) return true;
    // (find_node, not XPath: this runs for every short block of the story)
    if (el.find_node([](pugi::xml_node d) {
          return is_tag(d, {"a"}) && is_prompt_url(d.attribute("href").value());
        }))
      return true;
    if (s.text < 80 && !is_tag(el, {"p"}) && names_credit_or_label(el)) return true;
    return false;
  }

  // The last words of `el` are inside a link to another page.
  static bool ends_in_link(pugi::xml_node el) {
    std::vector<pugi::xml_node> stack{el};
    int visited = 0;
    while (!stack.empty() && ++visited < 400) {
      pugi::xml_node n = stack.back();
      stack.pop_back();
      if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
        int commas = 0;
        if (text_length(n.value(), &commas) == 0) continue;
        for (pugi::xml_node a = n.parent(); a && a != el.parent(); a = a.parent())
          if (is_tag(a, {"a"})) {
            std::string_view href = a.attribute("href").value();
            return !href.empty() && href.front() != '#';
          }
        // "Read more: <a>headline</a>." ends with punctuation after the link.
        std::string_view text = trim(n.value());
        return text.size() <= 2 && !text.empty() &&
               std::ispunct(static_cast<unsigned char>(text[0])) && n.previous_sibling() &&
               is_tag(n.previous_sibling(), {"a"});
      }
      if (n.type() != pugi::node_element) continue;
      if (n != el && is_non_content_tag(n.name())) continue;
      for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) stack.push_back(c);
    }
    return false;
  }

  // Share endpoints and newsletter sign-up pages: a link there makes a short
  // block a prompt, not story text.
  static bool is_prompt_url(std::string_view href) {
    for (std::string_view part :
         {"facebook.com/sharer", "twitter.com/intent", "x.com/intent", "linkedin.com/shareArticle",
          "api.whatsapp.com/send", "wa.me/?", "t.me/share", "pinterest.com/pin/create",
          "reddit.com/submit", "/newsletter", "/newsletters", "/subscribe", "/signup", "/sign-up",
          "list-manage.com/subscribe", "substack.com/subscribe"})
      if (href.find(part) != std::string_view::npos) return true;
    return false;
  }

  // class/id words of photo credits and ad labels.
  static bool names_credit_or_label(pugi::xml_node el) {
    std::string names = class_and_id(el);
    for (std::string_view w : {"credit", "copyright", "ad-label", "adlabel", "ad_label",
                               "advertisement", "sponsored-label", "caption-source"})
      if (names.find(w) != std::string::npos) return true;
    return false;
  }

  void copy_clean(pugi::xml_node root, pugi::xml_node out, int total) {
    struct Frame {
      pugi::xml_node src, dst;
    };
    std::vector<Frame> stack{{root, out}};
    bool is_root = true;
    while (!stack.empty()) {
      document_budget_tick();
      Frame f = stack.back();
      stack.pop_back();
      if (f.src.type() == pugi::node_pcdata || f.src.type() == pugi::node_cdata) {
        f.dst.append_child(pugi::node_pcdata).set_value(f.src.value());
        continue;
      }
      if (f.src.type() != pugi::node_element) continue;
      if (!is_root && !keep(f.src, total)) continue;
      is_root = false;
      pugi::xml_node copy = f.dst.append_child(f.src.name());
      for (auto attr : f.src.attributes())
        copy.append_attribute(attr.name()).set_value(attr.value());
      std::vector<pugi::xml_node> children;
      for (auto c : f.src.children()) children.push_back(c);
      for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back({*it, copy});
    }
  }

  pugi::xml_node body_;
  Flags flags_;
  NodeBudget budget_;
  std::vector<pugi::xml_node> elements_;
  std::unordered_map<NodeKey, Stats> stats_;
  std::unordered_map<NodeKey, double> scores_;
  std::string title_key_;  // comparable(title)
};

// A byline in the page when the metadata has none: rel=author or itemprop
// author first, then an element named byline/author; inside it, the
// innermost name (hCard "fn", itemprop=name) when there is one.
bool marks_author(pugi::xml_node n) {
  return has_token(n.attribute("rel").value(), "author") ||
         lower_attribute(n, "itemprop").find("author") != std::string::npos;
}

// Author profile pages as CMSs name them: /author/jane-doe, /authors/...,
// /profile/..., /people/..., /staff/..., /contributors/..., ?author=...
bool is_author_url(std::string_view href) {
  for (std::string_view part :
       {"/author/", "/authors/", "/autor/", "/auteur/", "/profile/", "/profiles/", "/people/",
        "/staff/", "/contributors/", "/contributor/", "/journalist/", "/journalists/",
        "?author=", "/writers/", "/byline/"})
    if (href.find(part) != std::string_view::npos) return true;
  return false;
}

bool names_byline(pugi::xml_node n) {
  std::string names = class_and_id(n);
  bool byline = false;
  for (std::string_view w : {"byline", "author", "dateline", "writtenby", "writer"})
    byline = byline || names.find(w) != std::string::npos;
  if (!byline) return false;
  // An author's note, a "follow the author" button, the author's picture or
  // comments: named after the author, but no byline ("A note from ...").
  for (std::string_view w : {"note", "comment", "follow", "avatar", "photo", "image", "share"})
    if (names.find(w) != std::string::npos) return false;
  return true;
}

// An element whose only content is one text that reads as a date
// ("<em>May 20, 2019</em>" after the name).
bool holds_only_a_date(pugi::xml_node d) {
  pugi::xml_node text = d.first_child();
  return text && !text.next_sibling() && text.type() == pugi::node_pcdata &&
         std::strlen(text.value()) < 64 && parse_date(text.value());
}

// "Updated 6:01 am", "Published: ...", "Aktualisiert am ...": the words that
// introduce a date after a byline. Compared without case, ASCII letters only
// folded (the accented words are written in lower case after the first).
bool announces_a_date(std::string_view rest) {
  static constexpr std::string_view kWords[] = {
      "updated",    "last updated", "published",   "posted",    "aktualisiert", "veröffentlicht",
      "mis à jour", "publié",       "actualizado", "publicado", "aggiornato",   "pubblicato"};
  for (std::string_view w : kWords) {
    if (rest.size() < w.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < w.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(rest[i])) == static_cast<unsigned char>(w[i]);
    if (same && (rest.size() == w.size() || rest[w.size()] == ' ' || rest[w.size()] == ':'))
      return true;
  }
  return false;
}

// What a cut date leaves behind: "Jane Doe," "Jane Doe |", "Jane Doe on",
// "Von Jana Berg am".
std::string without_trailing_connector(std::string text) {
  auto trim_marks = [&] {
    while (!text.empty() && std::strchr(" ,;:|-/", text.back())) text.pop_back();
    for (std::string_view dash : {"\u2014", "\u2013", "\u00b7", "\u2022"})
      if (text.ends_with(dash)) {
        text.resize(text.size() - dash.size());
        while (!text.empty() && text.back() == ' ') text.pop_back();
      }
  };
  trim_marks();
  for (std::string_view word : {" on", " at", " am", " le", " el", " il", " op", " the"})
    if (text.size() > word.size() + 1 && text.ends_with(word)) {
      text.resize(text.size() - word.size());
      trim_marks();
      break;
    }
  return text;
}

std::string byline_text(pugi::xml_node n) {
  pugi::xml_node name = n.find_node([](pugi::xml_node d) {
    return marks_author(d) || has_token(d.attribute("class").value(), "fn") ||
           lower_attribute(d, "itemprop") == "name";
  });
  // Links to author pages name the authors ("By <a href=/author/jane>Jane
  // Doe</a> and <a ...>John Roe</a>, Games Editor").
  std::string linked;
  if (!name)
    for (pugi::xpath_node hit : n.select_nodes(".//a[@href]")) {
      if (!is_author_url(hit.node().attribute("href").value())) continue;
      std::string who = inline_text(hit.node());
      if (who.empty() || linked.find(who) != std::string::npos) continue;
      if (!linked.empty()) linked += ", ";
      linked += who;
    }
  std::string text;
  if (name) {
    text = inline_text(name);
  } else if (!linked.empty()) {
    text = linked;
  } else {
    // A byline line often carries the date too ("By Jane Doe · <time>"): keep
    // the text outside <time>, up to the first separator.
    std::string raw;
    std::vector<pugi::xml_node> stack{n};
    while (!stack.empty()) {
      document_budget_tick();
      pugi::xml_node d = stack.back();
      stack.pop_back();
      if (raw.size() > 400) break;  // far longer than a byline: no need to read on
      if (d.type() == pugi::node_pcdata) {
        raw += d.value();
      } else if (d.type() == pugi::node_element && std::string_view(d.name()) != "time" &&
                 !(d != n && holds_only_a_date(d))) {
        raw += ' ';
        for (pugi::xml_node c = d.last_child(); c; c = c.previous_sibling()) stack.push_back(c);
      }
    }
    text = collapse_whitespace(raw);
    for (std::string_view separator : {"\u00b7", "|", "\u2014", "\u2013", " - ", "\u2022"}) {
      std::size_t cut = text.find(separator);
      if (cut != std::string::npos && cut > 0) text = collapse_whitespace(text.substr(0, cut));
    }
  }
  text = strip_byline_prefix(text);
  // "Last updated: January 7, 2025" names nobody.
  if (text.size() >= 100 || announces_a_date(text) ||
      (text.size() > 5 && announces_a_date(std::string_view(text).substr(5)) &&
       ascii_lower(text.substr(0, 5)) == "last "))
    return {};
  // "Jane Doe March 25, 2015", "Jane Doe Updated 6:01 am": a date, or the
  // word that announces one, written after the name is not part of it.
  for (std::size_t space = text.find(' '); space != std::string::npos;
       space = text.find(' ', space + 1)) {
    std::string_view rest = std::string_view(text).substr(space + 1);
    if (rest.find_first_of("0123456789") != std::string_view::npos &&
        (announces_a_date(rest) || parse_date(rest))) {
      text.resize(space);
      break;
    }
  }
  text = without_trailing_connector(text);
  // "Last updated:" with its date cut off names nobody.
  if (text.empty() || text.size() >= 100 || text.back() == ':') return {};
  return text;
}

// Inside page chrome, where a byline names someone else (a related story's
// writer, a "follow our authors" box). Explicit markup (rel=author,
// itemprop=author) still counts in an <aside> or role=complementary, where
// themes put the author box; a class name there does not.
bool outside_the_story(pugi::xml_node n, pugi::xml_node body, bool marked) {
  for (pugi::xml_node p = n; p && p != body; p = p.parent()) {
    std::string_view tag = p.name();
    if (is_non_content_tag(tag)) return true;
    bool beside = tag == "aside" || lower_attribute(p, "role") == "complementary";
    if ((is_chrome_tag(tag) || has_side_role(p)) && !(marked && beside)) return true;
  }
  return false;
}

// The next node after `n` in document order, inside `root`.
pugi::xml_node next_in_document(pugi::xml_node n, pugi::xml_node root) {
  if (n.first_child()) return n.first_child();
  for (; n && n != root; n = n.parent())
    if (n.next_sibling()) return n.next_sibling();
  return {};
}

// An element whose text opens with the word that introduces a byline and a
// name: "By Jane Doe", "<span>Von</span> <a>Jana Berg</a>", "Par : Jean Roux".
bool opens_with_byline_word(pugi::xml_node el) {
  pugi::xml_node first = el.first_child();
  while (first && first.type() == pugi::node_pcdata && trim(first.value()).empty())
    first = first.next_sibling();
  if (first && first.type() == pugi::node_element &&
      is_tag(first, {"span", "strong", "b", "em", "i"}))
    first = first.first_child();
  if (!first || first.type() != pugi::node_pcdata) return false;
  std::string_view text = trim(first.value());
  std::size_t word = byline_word_length(text);
  if (word == 0) return false;
  std::string_view rest = trim(text.substr(word));
  if (!rest.empty() && rest.front() == ':') rest = trim(rest.substr(1));
  // The name follows in the next element, or starts with a capital letter
  // (any non-ASCII letter counts: "Émile", "Łukasz"); "By then, ..." does not.
  unsigned char c = rest.empty() ? 'A' : static_cast<unsigned char>(rest.front());
  return (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// "Jean de la Fontaine", "Ann Lee and Bo Chen": no more words in lower case
// than capitalised ones (a non-ASCII first letter counts as a capital).
bool mostly_capitalised(std::string_view text) {
  int upper = 0, lower_case = 0;
  for (const std::string& word : split(text, ' ')) {
    unsigned char c = static_cast<unsigned char>(word.front());
    if (c >= 'a' && c <= 'z') {
      ++lower_case;
    } else if ((c >= 'A' && c <= 'Z') || c >= 0x80) {
      ++upper;
    }
  }
  return upper > 0 && lower_case <= upper;
}

// A visible "By Jane Doe" line that no class or id names: among the first
// elements after the page's first <h1>, where themes print the byline.
std::string find_by_line_near_title(pugi::xml_node body, NodeBudget& budget) {
  pugi::xml_node h1 = body.find_node([&](pugi::xml_node n) {
    return !budget.take() ||
           (n.type() == pugi::node_element && std::string_view(n.name()) == "h1" &&
            !outside_the_story(n, body, false));
  });
  if (!h1 || std::string_view(h1.name()) != "h1") return {};
  int looked = 0;
  for (pugi::xml_node n = next_in_document(h1, body); n && looked < 60 && budget.take();
       n = next_in_document(n, body)) {
    if (n.type() != pugi::node_element) continue;
    ++looked;
    // A heading is a section's title ("By the Numbers", "By Design: ...").
    if (is_heading_tag(n.name()) || !opens_with_byline_word(n) || outside_the_story(n, body, false))
      continue;
    std::string found = byline_text(n);
    int words = 1 + static_cast<int>(std::count(found.begin(), found.end(), ' '));
    unsigned char first = found.empty() ? 0 : static_cast<unsigned char>(found.front());
    // A few words, most of them capitalised, as names are; a sentence ("By
    // Tuesday the council had agreed.") is not one.
    if (!found.empty() && words <= 8 && found.find(". ") == std::string::npos &&
        found.find_first_of(":?!") == std::string::npos &&
        ((first >= 'A' && first <= 'Z') || first >= 0x80) && mostly_capitalised(found))
      return found;
  }
  return {};
}

std::string find_byline(pugi::xml_node body, NodeBudget& budget) {
  for (auto* matches : {&marks_author, &names_byline}) {
    std::string found;
    body.find_node([&](pugi::xml_node n) {
      if (!budget.take()) return true;
      if (n.type() != pugi::node_element || !matches(n)) return false;
      if (outside_the_story(n, body, matches == &marks_author)) return false;
      found = byline_text(n);
      return !found.empty();
    });
    if (!found.empty()) return found;
  }
  return find_by_line_near_title(body, budget);
}

// A login handle given as the author ("CC7567", "@jdoe"), where the page
// links the handle's profile under the person's display name:
// <a href="/u/CC7567">James Akinaka</a>. The display name is the byline.
std::string display_name_for_handle(pugi::xml_node body, const std::string& author,
                                    NodeBudget& budget) {
  std::string_view handle = author;
  if (!handle.empty() && handle.front() == '@') handle.remove_prefix(1);
  if (handle.size() < 2 || handle.size() > 64 || author.find(' ') != std::string::npos)
    return author;
  std::string name;
  body.find_node([&](pugi::xml_node n) {
    if (!budget.take()) return true;
    if (n.type() != pugi::node_element || std::string_view(n.name()) != "a") return false;
    std::string_view href = n.attribute("href").value();
    href = href.substr(0, href.find_first_of("?#"));
    while (!href.empty() && href.back() == '/') href.remove_suffix(1);
    std::string_view last = href.substr(href.rfind('/') + 1);
    if (!last.empty() && last.front() == '@') last.remove_prefix(1);
    if (last.size() != handle.size() || ascii_lower(last) != ascii_lower(handle)) return false;
    std::string text = inline_text(n);
    if (text.find(' ') == std::string::npos || text.size() > 64 || outside_the_story(n, body, true))
      return false;
    name = std::move(text);
    return true;
  });
  return name.empty() ? author : name;
}

// Inside a comment thread, a related-stories box, a sidebar or a footer: a
// date there belongs to another text than the story.
bool inside_other_text(pugi::xml_node n) {
  for (pugi::xml_node p = n.parent(); p && p.type() == pugi::node_element; p = p.parent()) {
    // The story's own byline line holds its date (Ghost's "article-byline",
    // "byline-meta-date"): named like an author box, but no other text. An
    // author box of another story sits in a related box or a sidebar, which
    // the ancestors above still catch.
    if (is_chrome_tag(p.name()) || (looks_like_boilerplate(p) && !names_byline(p))) return true;
    if (std::string_view(p.name()) == "body") break;
  }
  return false;
}

// The first <time datetime> / itemprop=datePublished on the page that is not
// inside a comment, a related story or the page chrome.
std::optional<UnixTime> find_page_date(const pugi::xml_document& page) {
  for (const char* xpath : {"//*[@itemprop='datePublished']", "//time[@datetime]"}) {
    for (pugi::xpath_node hit : page.select_nodes(xpath)) {
      pugi::xml_node n = hit.node();
      if (inside_other_text(n)) continue;
      for (const char* attr : {"datetime", "content"})
        if (auto t = parse_date(n.attribute(attr).value())) return t;
    }
  }
  return std::nullopt;
}

// The date in a story URL's path: /2025/10/31/slug, /2025-10-31/slug,
// /20251031/slug. Months and days must be plausible; a year alone is not a date.
std::optional<UnixTime> url_date(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  std::size_t path = url.find('/', scheme + 3);
  if (path == std::string_view::npos) return std::nullopt;
  std::string_view p = url.substr(path, url.find_first_of("?#", path) - path);
  auto digits = [&](std::size_t at, std::size_t n) {
    if (at + n > p.size()) return -1;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(p[i]))) return -1;
      v = v * 10 + (p[i] - '0');
    }
    return v;
  };
  for (std::size_t i = 0; i + 9 < p.size(); ++i) {
    if (p[i] != '/') continue;
    int year = digits(i + 1, 4);
    if (year < 1990 || year > 2100) continue;
    std::size_t at = i + 5;
    int month = -1, day = -1;
    if (at < p.size() && (p[at] == '/' || p[at] == '-')) {
      char sep = p[at];
      month = digits(at + 1, 2);
      if (at + 3 < p.size() && p[at + 3] == sep) day = digits(at + 4, 2);
      at += 6;
    } else {
      month = digits(at, 2);
      day = digits(at + 2, 2);
      at += 4;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    if (at < p.size() && std::isdigit(static_cast<unsigned char>(p[at]))) continue;
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    return parse_date(text);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(ArticleEvidence why) {
  switch (why) {
    case ArticleEvidence::json_ld:
      return "json-ld";
    case ArticleEvidence::og_type:
      return "og:type";
    case ArticleEvidence::prose:
      return "prose";
    case ArticleEvidence::none:
      break;
  }
  return "";
}

ExtractedArticle extract_article(const pugi::xml_document& page, std::string_view page_url,
                                 std::string_view base_url, const ArticleOptions& options) {
  ExtractedArticle article;
  PageMetadata meta = read_page_metadata(page, base_url);
  pugi::xml_node html = page.child("html");
  pugi::xml_node body = html.child("body");

  article.title = !meta.title.empty() ? meta.title : meta.document_title;
  if (article.title.empty()) article.title = inline_text(page.select_node("//h1").node());
  article.author = meta.author;
  article.canonical_url = std::string(page_url);
  // An AMP cache's copy without a canonical link: the publisher's URL.
  std::string cache_origin = amp_cache_origin_url(page_url);
  if (!cache_origin.empty()) article.canonical_url = cache_origin;
  if (!meta.canonical_url.empty()) {
    // A page names its canonical URL (rel=canonical, og:url, JSON-LD url or
    // mainEntityOfPage) to merge its copies into one story. On its own site
    // that is the publisher's word; on another registrable domain it is only
    // a claim, and believing it would let any page replace (or join) another
    // site's article. A page from a file (`gazette extract FILE`) has no site
    // to compare: its canonical URL is shown as declared. A page from an AMP
    // cache is its origin's page: the origin's site is its site.
    std::string_view site_url = cache_origin.empty() ? page_url : cache_origin;
    if (!is_absolute_http_url(page_url) || same_site(meta.canonical_url, site_url))
      article.canonical_url = meta.canonical_url;
    else
      article.foreign_canonical_url = meta.canonical_url;
  }
  if (is_absolute_http_url(meta.image_url)) article.image_url = meta.image_url;
  article.description = meta.description;
  article.site_name = meta.site_name;
  article.categories = meta.categories;
  article.published = parse_date(meta.published);
  article.modified = parse_date(meta.modified);

  // Stricter passes first; relax when they leave too little text
  // (Readability's retry with flags off), keeping the longest result.
  static constexpr Flags kPasses[] = {
      {true, true, true}, {false, true, true}, {false, false, true}, {false, false, false}};
  pugi::xml_document best;
  std::size_t best_length = 0;
  for (const Flags& flags : kPasses) {
    pugi::xml_document doc;
    pugi::xml_node root = doc.append_child("div");
    Extraction extraction(body, flags, options.max_nodes);
    extraction.run(root, article.title);
    article.budget_exhausted = article.budget_exhausted || extraction.exhausted();
    std::string text = structured_text(root);
    if (text.size() > best_length || !best.first_child()) {
      best_length = text.size();
      best.reset(doc);
      article.content_text = std::move(text);
    }
    if (best_length >= 500) break;
  }
  pugi::xml_node root = best.first_child();
  article.content_html = sanitize_node(root, base_url);

  NodeBudget budget{options.max_nodes};
  if (article.author.empty()) article.author = find_byline(body, budget);
  article.author = display_name_for_handle(body, article.author, budget);
  if (!article.published) article.published = find_page_date(page);
  if (!article.published) article.published = url_date(article.canonical_url);
  if (!article.published) article.published = url_date(page_url);
  if (article.image_url.empty())
    if (const char* src = root.select_node(".//img[@src]").node().attribute("src").value(); *src)
      article.image_url = http_url_or_empty(resolve_url(base_url, src));

  article.amp = meta.is_amp;
  // The extracted text: long prose that is not a list of links?
  int commas = 0;
  int length = text_length(article.content_text, &commas);
  int link_text = 0;
  for (pugi::xpath_node a : root.select_nodes(".//a")) {
    int c = 0;
    link_text += text_length(inline_text(a.node()), &c);
  }
  int paragraphs = static_cast<int>(root.select_nodes(".//p").size());
  bool prose = length >= 500 && link_text * 4 < length && paragraphs >= 2;
  // Much of it, with few links: the headlines around it are related stories.
  bool dominant_prose = length >= 1500 && link_text * 7 < length && paragraphs >= 4;

  PageKind kind = classify_page(page, page_url, meta, options.max_nodes, dominant_prose);
  article.page_signals = std::move(kind.signals);
  if (kind.listing) {
    article.listing_why = std::move(kind.why);
  } else if (is_article_type(meta.json_ld_type)) {
    article.is_article = true;
    article.is_article_why = ArticleEvidence::json_ld;
  } else if (meta.og_type == "article") {
    article.is_article = true;
    article.is_article_why = ArticleEvidence::og_type;
  } else if (prose) {
    article.is_article = true;
    article.is_article_why = ArticleEvidence::prose;
  }
  // A listing's rel=next is its next page of headlines, not more of a story.
  if (article.is_article && is_absolute_http_url(meta.next_page_url) &&
      (!is_absolute_http_url(page_url) || same_site(meta.next_page_url, page_url)) &&
      normalize_url(meta.next_page_url) != normalize_url(article.canonical_url))
    article.next_page_url = meta.next_page_url;
  return article;
}

FeedItem to_feed_item(const ExtractedArticle& article) {
  FeedItem item;
  item.url = article.canonical_url;
  item.title = article.title;
  item.author = article.author;
  item.summary_html = article.description;
  item.content_html = article.content_html;
  item.content_text = article.content_text;
  item.published = article.published;
  item.updated = article.modified;
  item.categories = article.categories;
  item.image_url = article.image_url;
  return item;
}

}  // namespace gazette
