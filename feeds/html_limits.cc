#include "feeds/html_limits.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <vector>

namespace gazette {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool tag_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_void(std::string_view n) {
  return one_of(n,
                {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img",
                 "image", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"});
}

// Elements whose content is text up to their end tag.
bool is_raw_text(std::string_view n) {
  return one_of(n,
                {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"});
}

// Merged into the implied ones, never pushed.
bool is_frame_element(std::string_view n) { return one_of(n, {"html", "head", "body"}); }

bool is_formatting(std::string_view n) {
  return one_of(n, {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike",
                    "strong", "tt", "u"});
}

// The "special" category of the HTML5 parser: an end tag of another
// element does not close past one of these.
bool is_special(std::string_view n) {
  return one_of(n, {"address", "applet",  "article",  "aside",     "blockquote", "button",
                    "caption", "center",  "colgroup", "dd",        "details",    "dir",
                    "div",     "dl",      "dt",       "fieldset",  "figcaption", "figure",
                    "footer",  "form",    "frameset", "h1",        "h2",         "h3",
                    "h4",      "h5",      "h6",       "header",    "hgroup",     "li",
                    "listing", "main",    "marquee",  "menu",      "nav",        "noscript",
                    "object",  "ol",      "p",        "plaintext", "pre",        "section",
                    "select",  "summary", "table",    "tbody",     "td",         "template",
                    "tfoot",   "th",      "thead",    "tr",        "ul",         "foreignobject",
                    "desc",    "mi",      "mo",       "mn",        "ms",         "mtext"});
}

// Elements that end the "has an element in scope" search.
bool is_scope_boundary(std::string_view n) {
  return one_of(n, {"applet", "caption", "marquee", "object", "table", "td", "template", "th"});
}

// Markers in the list of active formatting elements.
bool is_marker(std::string_view n) {
  return one_of(n, {"applet", "caption", "marquee", "object", "td", "template", "th"});
}

// Start tags that close an open <p> first.
bool closes_p(std::string_view n) {
  return one_of(
      n, {"address", "article", "aside",    "blockquote", "center", "details", "dialog",  "dir",
          "div",     "dl",      "fieldset", "figcaption", "figure", "footer",  "form",    "h1",
          "h2",      "h3",      "h4",       "h5",         "h6",     "header",  "hgroup",  "hr",
          "main",    "menu",    "nav",      "ol",         "p",      "pre",     "section", "summary",
          "table",   "ul",      "li",       "dd",         "dt",     "listing"});
}

class NestingEstimate {
 public:
  // The tag just read; false when it takes the estimate past a cap
  // (`reason` says which).
  bool start_tag(std::string_view name, std::string_view raw, bool self_closing,
                 std::string& reason) {
    bool ok = true;
    ++elements_;
    if (is_frame_element(name)) return check_caps(reason, ok);
    // Inline start tags reopen closed formatting elements first.
    if (!closes_p(name)) reconstruct(reason, ok);
    if (is_void(name) || (self_closing && foreign_ > 0)) return check_caps(reason, ok);
    if (closes_p(name)) close_p();
    if (name == "li") close_list_item({"li"});
    if (name == "dd" || name == "dt") close_list_item({"dd", "dt"});
    if (name == "option" || name == "optgroup") {
      if (top_is("option")) pop();
      if (name == "optgroup" && top_is("optgroup")) pop();
    }
    if (name == "td" || name == "th" || name == "tr") close_in_table({"td", "th"});
    if (name == "tr") close_in_table({"tr"});
    if (name == "tbody" || name == "thead" || name == "tfoot") {
      close_in_table({"td", "th"});
      close_in_table({"tr"});
      close_in_table({"tbody", "thead", "tfoot"});
    }
    if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !stack_.empty() &&
        stack_.back().heading)
      pop();
    if (name == "a") end_formatting("a");
    push(name);
    if (name == "svg" || name == "math") ++foreign_;
    if (is_formatting(name)) add_formatting(name, raw);
    if (is_marker(name)) formatting_.push_back({std::string(), std::string(), kNone});
    return check_caps(reason, ok);
  }

  // Character data between tags.
  bool text(std::string& reason) {
    bool ok = true;
    reconstruct(reason, ok);
    return ok;
  }

  // False (and `reason`) once the estimate is past a cap.
  bool check_caps(std::string& reason, bool& ok) {
    if (!ok) return false;
    if (elements_ > kMaxHtmlElements) {
      reason = fmt::format("more than {} HTML elements: the rest was cut", kMaxHtmlElements);
    } else if (formatting_count() > kMaxHtmlFormatting) {
      reason =
          fmt::format("more than {} open formatting elements (b, i, font, ...): the rest was cut",
                      kMaxHtmlFormatting);
    } else if (stack_.size() > kMaxHtmlNesting) {
      reason =
          fmt::format("HTML nested deeper than {} elements: the rest was cut", kMaxHtmlNesting);
    } else {
      return true;
    }
    ok = false;
    return false;
  }

  void end_tag(std::string_view name) {
    if (is_frame_element(name)) return;
    if (is_formatting(name)) {
      end_formatting(name);
      return;
    }
    auto it = at_.find(std::string(name));
    if (it == at_.end() || it->second.empty()) return;  // nothing of that name is open
    std::size_t i = it->second.back();
    // In scope: no boundary above it, and for other than special
    // elements no special element either.
    std::size_t barrier = is_special(name) ? last(boundaries_) : last(specials_);
    // Table parts close in table scope: cells inside do not stop them.
    if (name == "table") barrier = kNone;
    if (one_of(name, {"td", "th", "tr", "tbody", "thead", "tfoot", "caption"})) {
      auto table = at_.find("table");
      barrier = table == at_.end() || table->second.empty() ? kNone : table->second.back();
    }
    if (barrier != kNone && barrier > i) return;
    pop_to(i);
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  struct Open {
    std::string name;
    bool special, boundary, heading, foreign;
  };
  struct Formatting {
    std::string name;  // empty: a marker
    std::string key;   // the tag as written, attributes included
    std::size_t open;  // its place in stack_, or kNone once closed
  };

  static std::size_t last(const std::vector<std::size_t>& v) {
    return v.empty() ? kNone : v.back();
  }
  bool top_is(std::string_view n) const { return !stack_.empty() && stack_.back().name == n; }

  void push(std::string_view name) {
    std::size_t i = stack_.size();
    Open o{std::string(name), is_special(name), is_scope_boundary(name),
           name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6',
           name == "svg" || name == "math"};
    if (o.special) specials_.push_back(i);
    if (o.boundary) boundaries_.push_back(i);
    if (name == "button") buttons_.push_back(i);
    at_[o.name].push_back(i);
    stack_.push_back(std::move(o));
  }

  void pop() {
    std::size_t i = stack_.size() - 1;
    Open& o = stack_.back();
    if (!o.name.empty()) at_[o.name].pop_back();
    if (!specials_.empty() && specials_.back() == i) specials_.pop_back();
    if (!boundaries_.empty() && boundaries_.back() == i) boundaries_.pop_back();
    if (!buttons_.empty() && buttons_.back() == i) buttons_.pop_back();
    if (o.foreign) --foreign_;
    if (is_marker(o.name)) clear_formatting_to_marker();
    if (is_formatting(o.name))
      for (std::size_t k = formatting_.size(); k-- > 0 && !formatting_[k].name.empty();)
        if (formatting_[k].open == i) {
          formatting_[k].open = kNone;
          ++closed_formatting_;
          break;
        }
    stack_.pop_back();
  }
  void pop_to(std::size_t i) {
    while (stack_.size() > i) pop();
  }

  // An open <p> in button scope is closed.
  void close_p() {
    auto it = at_.find("p");
    if (it == at_.end() || it->second.empty()) return;
    std::size_t p = it->second.back();
    std::size_t barrier = std::max(last(boundaries_) + 1, last(buttons_) + 1);
    if (barrier != 0 && barrier - 1 > p) return;
    pop_to(p);
  }

  // An <li> (<dd>, <dt>) start tag closes the open one, unless a special
  // element other than address, div and p stands between.
  void close_list_item(std::initializer_list<std::string_view> names) {
    for (std::string_view n : names) {
      auto it = at_.find(std::string(n));
      if (it == at_.end() || it->second.empty()) continue;
      std::size_t li = it->second.back();
      bool blocked = false;
      for (std::size_t k = stack_.size(); k-- > li + 1 && !blocked;)
        blocked = stack_[k].special && !one_of(stack_[k].name, {"address", "div", "p"});
      if (!blocked) {
        pop_to(li);
        return;
      }
    }
  }

  // Table parts close their open sibling within the same table.
  void close_in_table(std::initializer_list<std::string_view> names) {
    std::size_t table = kNone;
    if (auto it = at_.find("table"); it != at_.end() && !it->second.empty())
      table = it->second.back();
    for (std::string_view n : names) {
      auto it = at_.find(std::string(n));
      if (it == at_.end() || it->second.empty()) continue;
      std::size_t cell = it->second.back();
      if (table == kNone || cell > table) {
        pop_to(cell);
        return;
      }
    }
  }

  std::size_t formatting_count() const {
    std::size_t n = 0;
    for (const Formatting& f : formatting_) n += !f.name.empty();
    return n;
  }

  // Pushes onto the list of active formatting elements; a fourth element
  // identical to three after the last marker replaces the earliest of them.
  void add_formatting(std::string_view name, std::string_view raw) {
    std::size_t same = 0, earliest = kNone;
    for (std::size_t k = formatting_.size(); k-- > 0 && !formatting_[k].name.empty();)
      if (formatting_[k].key == raw) ++same, earliest = k;
    if (same >= 3) forget_formatting(earliest);
    formatting_.push_back({std::string(name), std::string(raw), stack_.size() - 1});
  }

  void clear_formatting_to_marker() {
    while (!formatting_.empty()) {
      bool marker = formatting_.back().name.empty();
      forget_formatting(formatting_.size() - 1);
      if (marker) break;
    }
  }

  void forget_formatting(std::size_t k) {
    if (!formatting_[k].name.empty() && formatting_[k].open == kNone) --closed_formatting_;
    formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(k));
  }

  // A formatting element closed by an ancestor's end tag stays in the list:
  // the parser reopens it (a clone) before the next text or inline start
  // tag. Counted as elements, the clones fall under the element cap.
  void reconstruct(std::string& reason, bool& ok) {
    if (closed_formatting_ == 0) return;
    std::size_t k = formatting_.size();
    while (k > 0 && !formatting_[k - 1].name.empty() && formatting_[k - 1].open == kNone) --k;
    for (; k < formatting_.size(); ++k) {
      push(formatting_[k].name);
      formatting_[k].open = stack_.size() - 1;
      --closed_formatting_;
      ++elements_;
    }
    check_caps(reason, ok);
  }

  // The end of a formatting element (the adoption agency, roughly): it
  // leaves the list, and the stack. Elements opened inside it that are
  // special stay open (HTML moves them out of it), others close with it.
  void end_formatting(std::string_view name) {
    for (std::size_t k = formatting_.size(); k-- > 0 && !formatting_[k].name.empty();) {
      if (formatting_[k].name == name) {
        forget_formatting(k);
        break;
      }
    }
    auto it = at_.find(std::string(name));
    if (it == at_.end() || it->second.empty()) return;
    std::size_t i = it->second.back();
    std::size_t boundary = last(boundaries_);
    if (boundary != kNone && boundary > i) return;
    std::size_t special = last(specials_);
    if (special != kNone && special > i) {
      // A special element inside: the formatting element goes, its frame
      // stays counted (an estimate that errs towards deeper).
      it->second.pop_back();
      stack_[i].name.clear();
      return;
    }
    pop_to(i);
  }

  std::vector<Open> stack_;
  std::unordered_map<std::string, std::vector<std::size_t>> at_;  // name -> its places in stack_
  std::vector<std::size_t> specials_, boundaries_, buttons_;      // places in stack_
  std::vector<Formatting> formatting_;
  std::size_t elements_ = 0;
  int foreign_ = 0;                    // open <svg> and <math>
  std::size_t closed_formatting_ = 0;  // entries of formatting_ not on stack_
};

// Position after the end of a comment or other markup declaration that
// starts at `lt` ("<!" or "<?"), or npos when it runs to the end.
std::size_t skip_declaration(std::string_view html, std::size_t lt) {
  if (html.substr(lt, 4) == "<!--") {
    std::size_t end = html.find("-->", lt + 4);
    return end == std::string_view::npos ? end : end + 3;
  }
  std::size_t end = html.find('>', lt + 2);
  return end == std::string_view::npos ? end : end + 1;
}

// Position of "</name" (any case) from `from`, or npos.
std::size_t find_end_tag(std::string_view html, std::size_t from, std::string_view name) {
  for (std::size_t i = html.find("</", from); i != std::string_view::npos;
       i = html.find("</", i + 2)) {
    std::size_t k = 0;
    while (k < name.size() && i + 2 + k < html.size() && lower(html[i + 2 + k]) == name[k]) ++k;
    if (k == name.size()) return i;
  }
  return std::string_view::npos;
}

}  // namespace

HtmlCut html_parse_limit(std::string_view html) {
  HtmlCut cut{html.size(), {}};
  if (html.size() > kMaxHtmlBytes) {
    cut.length = kMaxHtmlBytes;
    cut.reason = fmt::format("HTML larger than {} MiB: the rest was cut", kMaxHtmlBytes >> 20);
    html = html.substr(0, kMaxHtmlBytes);
  }
  NestingEstimate estimate;
  std::string name;
  std::size_t i = 0;
  std::size_t text_from = 0;  // where the text since the last tag starts
  while ((i = html.find('<', i)) != std::string_view::npos) {
    const std::size_t lt = i;
    if (lt > text_from && !estimate.text(cut.reason)) {
      cut.length = text_from;
      return cut;
    }
    text_from = lt;
    if (lt + 1 >= html.size()) break;
    char c = html[lt + 1];
    if (c == '!' || c == '?') {
      i = skip_declaration(html, lt);
      if (i == std::string_view::npos) break;
      text_from = i;
      continue;
    }
    bool end = c == '/';
    std::size_t p = lt + 1 + (end ? 1 : 0);
    if (p >= html.size() || !is_alpha(html[p])) {
      i = lt + 1;  // text
      continue;
    }
    name.clear();
    while (p < html.size() && !tag_space(html[p]) && html[p] != '/' && html[p] != '>')
      name += lower(html[p++]);
    // The rest of the tag: attributes, quoted values skipped whole.
    char quote = 0;
    std::size_t close = std::string_view::npos;
    for (std::size_t k = p; k < html.size(); ++k) {
      char d = html[k];
      if (quote) {
        if (d == quote) quote = 0;
      } else if ((d == '"' || d == '\'') && k > p && html[k - 1] == '=') {
        quote = d;
      } else if (d == '>') {
        close = k;
        break;
      }
    }
    if (close == std::string_view::npos) break;  // an unfinished tag: the parser drops it
    bool self_closing = close > p && html[close - 1] == '/';
    i = close + 1;
    text_from = i;
    if (end) {
      estimate.end_tag(name);
      continue;
    }
    if (!estimate.start_tag(name, html.substr(lt, close + 1 - lt), self_closing, cut.reason)) {
      cut.length = lt;
      return cut;
    }
    if (name == "plaintext") break;  // the rest is text
    if (is_raw_text(name)) {
      i = find_end_tag(html, i, name);
      if (i == std::string_view::npos) break;
      text_from = i;
    }
  }
  return cut;
}

}  // namespace gazette
