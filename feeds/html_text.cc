#include "feeds/html_text.h"

#include <array>
#include <cstring>
#include <vector>

#include "feeds/html_document.h"

namespace gazette {
namespace {

bool is_skipped(const char* name) {
  static const char* const kSkipped[] = {"script", "style",    "template", "noscript", "head",
                                         "iframe", "svg",      "math",     "select",   "textarea",
                                         "button", "object",   "embed",    "applet",   "canvas",
                                         "dialog", "frameset", "title"};
  for (const char* s : kSkipped)
    if (std::strcmp(name, s) == 0) return true;
  return false;
}

bool is_block(const char* name) {
  static const char* const kBlocks[] = {
      "p",    "div",     "h1",      "h2",         "h3",      "h4",       "h5",         "h6",
      "li",   "ul",      "ol",      "blockquote", "pre",     "table",    "tr",         "td",
      "th",   "section", "article", "header",     "footer",  "figure",   "figcaption", "dl",
      "dt",   "dd",      "hr",      "main",       "aside",   "nav",      "form",       "address",
      "body", "html",    "caption", "details",    "summary", "fieldset", "legend",     "center"};
  for (const char* s : kBlocks)
    if (std::strcmp(name, s) == 0) return true;
  return false;
}

bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Bytes that end a run of word characters: ASCII whitespace, and 0xC2, the
// lead byte of U+00A0 (no-break space, which counts as whitespace here).
// A table: this loop sees every byte of every item's text.
constexpr auto kRunEnd = [] {
  std::array<bool, 256> table{};
  for (unsigned char c : {' ', '\t', '\n', '\r', '\f'}) table[c] = true;
  table[0xC2] = true;
  return table;
}();

void append_collapsed(std::string& out, std::string_view text, bool& pending_space) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (is_space(c)) {
      pending_space = true;
      ++i;
      continue;
    }
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) {
      pending_space = true;
      i += 2;
      continue;
    }
    if (pending_space && !out.empty() && out.back() != '\n') out += ' ';
    pending_space = false;
    // Copy the whole word at once.
    std::size_t end = i + 1;
    while (end < n && !kRunEnd[s[end]]) ++end;
    out.append(text.data() + i, end - i);
    i = end;
  }
}

class TextBuilder {
 public:
  void text(std::string_view t) { append_collapsed(paragraph_, t, pending_space_); }
  // Text as given, spaces included (a list item's indentation and bullet).
  void raw(std::string_view t) {
    paragraph_ += t;
    pending_space_ = false;
  }
  void line_break() {
    if (!paragraph_.empty() && paragraph_.back() != '\n') paragraph_ += '\n';
    pending_space_ = false;
  }
  void block_break() {
    while (!paragraph_.empty() && (paragraph_.back() == '\n' || paragraph_.back() == ' '))
      paragraph_.pop_back();
    if (!paragraph_.empty()) {
      if (!result_.empty()) result_ += "\n\n";
      result_ += paragraph_;
    }
    paragraph_.clear();
    pending_space_ = false;
  }
  std::string finish() {
    block_break();
    return std::move(result_);
  }

 private:
  std::string result_;
  std::string paragraph_;
  bool pending_space_ = false;
};

bool is_named(const char* name, const char* wanted) { return std::strcmp(name, wanted) == 0; }

// Iterative walk: pages can nest deeper than a thread's stack allows.
// `structured`: list items and table rows are lines of one block ("- item",
// "1. item", "cell | cell"), blocks inside them line breaks.
void walk(pugi::xml_node root, TextBuilder& out, bool structured) {
  struct Frame {
    pugi::xml_node node;
    bool closing;
  };
  std::vector<Frame> stack{{root, false}};
  std::vector<int> lists;  // open <ul>/<ol>, for the indentation of nested items
  int in_line = 0;         // open <li>/<tr>: blocks inside them are lines
  auto line_item = [&](const char* name) {
    return structured && (is_named(name, "li") || is_named(name, "tr"));
  };
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    pugi::xml_node n = f.node;
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      out.text(n.value());
      continue;
    }
    if (n.type() != pugi::node_element && n.type() != pugi::node_document) continue;
    const char* name = n.name();
    if (f.closing) {
      if (structured && (is_named(name, "ul") || is_named(name, "ol")) && !lists.empty())
        lists.pop_back();
      if (line_item(name)) {
        --in_line;
        out.line_break();
      } else if (structured && (is_named(name, "td") || is_named(name, "th"))) {
        // cells of a row stay on its line
      } else if (is_block(name)) {
        if (in_line > 0)
          out.line_break();
        else
          out.block_break();
      }
      continue;
    }
    if (n.type() == pugi::node_element) {
      if (is_skipped(name)) continue;
      if (std::strcmp(name, "br") == 0) {
        out.line_break();
        continue;
      }
      if (line_item(name)) {
        out.line_break();
        if (is_named(name, "li")) {
          std::string prefix(2 * (lists.empty() ? 0 : lists.size() - 1), ' ');
          // Items of <ol> too: their numbers are the list's rendering (kept
          // in content_html), and as digits in the text they would read as
          // words of it (search, duplicate detection).
          prefix += "- ";
          out.raw(prefix);
        }
        ++in_line;
      } else if (structured && (is_named(name, "td") || is_named(name, "th"))) {
        pugi::xml_node before = n.previous_sibling();
        while (before && before.type() != pugi::node_element) before = before.previous_sibling();
        if (before) out.text(" | ");
      } else if (is_block(name)) {
        if (in_line > 0)
          out.line_break();
        else
          out.block_break();
      }
      if (structured && is_named(name, "ul")) lists.push_back(-1);
      if (structured && is_named(name, "ol")) lists.push_back(1);  // no numbers: see above
      stack.push_back({n, true});
    }
    // Children pushed last-first so they pop in document order.
    for (pugi::xml_node c = n.last_child(); c; c = c.previous_sibling())
      stack.push_back({c, false});
  }
}

}  // namespace

std::string node_text(pugi::xml_node node) {
  TextBuilder out;
  walk(node, out, false);
  return out.finish();
}

std::string structured_text(pugi::xml_node node) {
  TextBuilder out;
  walk(node, out, true);
  return out.finish();
}

std::string html_to_text(std::string_view html) {
  if (html.find_first_of("<&") == std::string_view::npos) return collapse_whitespace(html);
  pugi::xml_document doc = parse_html_fragment(html);
  return node_text(doc.child("html").child("body"));
}

std::string inline_text(pugi::xml_node node) {
  std::string out;
  bool pending = false;
  if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
    append_collapsed(out, node.value(), pending);
    return out;
  }
  for (pugi::xml_node n = node.first_child(); n;) {
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      append_collapsed(out, n.value(), pending);
    } else if (n.type() == pugi::node_element && !is_skipped(n.name()) && n.first_child()) {
      if (is_block(n.name()) || std::strcmp(n.name(), "br") == 0) pending = true;
      n = n.first_child();
      continue;
    } else if (n.type() == pugi::node_element && std::strcmp(n.name(), "br") == 0) {
      pending = true;
    }
    // Next node in document order within `node`.
    while (n && n != node && !n.next_sibling()) {
      n = n.parent();
      if (n && n != node && is_block(n.name())) pending = true;
    }
    if (!n || n == node) break;
    n = n.next_sibling();
  }
  return out;
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  bool pending = false;
  append_collapsed(out, text, pending);
  return out;
}

}  // namespace gazette
