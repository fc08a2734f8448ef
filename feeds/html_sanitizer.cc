#include "feeds/html_sanitizer.h"

#include <cctype>
#include <cstring>
#include <string>
#include <vector>

#include "feeds/html_document.h"
#include "feeds/html_limits.h"
#include "feeds/url_normalize.h"

namespace gazette {
namespace {

bool in_list(const char* name, std::initializer_list<const char*> list) {
  for (const char* s : list)
    if (std::strcmp(name, s) == 0) return true;
  return false;
}

// Dropped together with everything inside them: active content, forms, and
// what never is article text. (Other unknown elements, <nav> or <aside>
// included, are unwrapped and keep their text, so that html_to_text of the
// raw HTML and of the sanitized HTML agree.)
bool is_dropped(const char* name) {
  return in_list(name, {"script",   "style", "iframe", "object",   "embed",    "applet",
                        "form",     "input", "button", "select",   "textarea", "noscript",
                        "template", "svg",   "math",   "head",     "title",    "meta",
                        "link",     "base",  "frame",  "frameset", "canvas",   "dialog"});
}

bool is_allowed(const char* name) {
  return in_list(
      name,
      {"p",       "br",      "a",       "em",         "strong", "b",     "i",      "u",
       "s",       "sub",     "sup",     "blockquote", "q",      "cite",  "code",   "pre",
       "ul",      "ol",      "li",      "dl",         "dt",     "dd",    "h1",     "h2",
       "h3",      "h4",      "h5",      "h6",         "hr",     "img",   "figure", "figcaption",
       "table",   "thead",   "tbody",   "tfoot",      "tr",     "th",    "td",     "caption",
       "abbr",    "time",    "picture", "source",     "video",  "audio", "mark",   "small",
       "del",     "ins",     "kbd",     "samp",       "var",    "span",  "div",    "section",
       "article", "details", "summary"});
}

bool is_void(const char* name) { return in_list(name, {"br", "hr", "img", "source", "wbr"}); }

bool is_url_attribute(const char* attr) { return in_list(attr, {"href", "src", "poster", "cite"}); }

bool attribute_allowed(const char* element, const char* attr) {
  if (in_list(attr, {"title", "lang", "dir"})) return true;
  if (std::strcmp(element, "a") == 0) return in_list(attr, {"href"});
  if (std::strcmp(element, "img") == 0)
    return in_list(attr, {"src", "alt", "width", "height", "srcset", "sizes"});
  if (std::strcmp(element, "source") == 0) return in_list(attr, {"src", "srcset", "type", "media"});
  if (std::strcmp(element, "video") == 0 || std::strcmp(element, "audio") == 0)
    return in_list(attr, {"src", "poster", "controls", "width", "height"});
  if (std::strcmp(element, "time") == 0) return in_list(attr, {"datetime"});
  if (std::strcmp(element, "td") == 0 || std::strcmp(element, "th") == 0)
    return in_list(attr, {"colspan", "rowspan", "scope"});
  if (std::strcmp(element, "blockquote") == 0 || std::strcmp(element, "q") == 0 ||
      std::strcmp(element, "del") == 0 || std::strcmp(element, "ins") == 0)
    return in_list(attr, {"cite"});
  if (std::strcmp(element, "abbr") == 0) return false;
  if (std::strcmp(element, "ol") == 0) return in_list(attr, {"start", "reversed", "type"});
  return false;
}

// Absolute http(s)/mailto URL, or empty when the URL is not safe to keep.
std::string safe_url(std::string_view value, std::string_view base) {
  std::string url = resolve_url(base, value);
  std::string lower;
  for (std::size_t i = 0; i < url.size() && i < 8; ++i)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(url[i])));
  if (lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0 ||
      lower.rfind("mailto:", 0) == 0)
    return url;
  return {};
}

std::string safe_srcset(std::string_view value, std::string_view base) {
  std::string out;
  std::size_t pos = 0;
  while (pos < value.size()) {
    std::size_t comma = value.find(',', pos);
    std::string_view candidate =
        value.substr(pos, comma == std::string_view::npos ? value.size() - pos : comma - pos);
    pos = comma == std::string_view::npos ? value.size() : comma + 1;
    while (!candidate.empty() && std::isspace(static_cast<unsigned char>(candidate.front())))
      candidate.remove_prefix(1);
    std::size_t space = candidate.find(' ');
    std::string url = safe_url(candidate.substr(0, space), base);
    if (url.empty()) continue;
    if (!out.empty()) out += ", ";
    out += url;
    if (space != std::string_view::npos) out += candidate.substr(space);
  }
  return out;
}

void escape_into(std::string& out, std::string_view text, bool attribute) {
  // Copies runs without special characters whole: most text has none.
  std::string_view specials = attribute ? std::string_view("&<>\"") : std::string_view("&<>");
  while (!text.empty()) {
    std::size_t special = text.find_first_of(specials);
    out.append(text.substr(0, special));
    if (special == std::string_view::npos) break;
    switch (text[special]) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += "&quot;";
    }
    text.remove_prefix(special + 1);
  }
}

// The image an <img> shows. Lazy-loading themes put a placeholder (often a
// data: GIF) in src and the real image in data-src / data-lazy-src.
std::string_view image_source(pugi::xml_node img) {
  std::string_view src = img.attribute("src").value();
  bool placeholder = src.empty() || src.substr(0, 5) == "data:";
  if (placeholder) {
    for (const char* lazy : {"data-src", "data-lazy-src", "data-original"})
      if (std::string_view v = img.attribute(lazy).value(); !v.empty()) return v;
  }
  return src;
}

class Serializer {
 public:
  explicit Serializer(std::string_view base) : base_(base) {}

  void children(pugi::xml_node parent) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) node(c, 0);
  }
  std::string take() { return std::move(out_); }

 private:
  void node(pugi::xml_node n, int depth) {
    // parse_html never builds a deeper DOM; a DOM from elsewhere is cut here
    // rather than recursed into without bound.
    if (depth > static_cast<int>(kMaxDomDepth)) return;
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      escape_into(out_, n.value(), false);
      return;
    }
    if (n.type() != pugi::node_element) return;
    const char* name = n.name();
    if (is_dropped(name)) return;
    if (!is_allowed(name)) {  // unknown wrappers: keep what they hold
      for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) node(c, depth + 1);
      return;
    }
    bool is_img = std::strcmp(name, "img") == 0;
    std::string img_src;
    if (is_img) {
      img_src = safe_url(image_source(n), base_);
      if (img_src.empty()) return;  // an image without a usable source is noise
    }
    out_ += '<';
    out_ += name;
    if (is_img) append_attribute("src", img_src);
    bool wrote_href = false;
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      const char* attr = a.name();
      if (is_img && std::strcmp(attr, "src") == 0) continue;  // written above
      if (!attribute_allowed(name, attr)) continue;
      std::string value = a.value();
      if (is_url_attribute(attr)) {
        value = safe_url(value, base_);
        if (value.empty()) continue;
      } else if (std::strcmp(attr, "srcset") == 0) {
        value = safe_srcset(value, base_);
        if (value.empty()) continue;
      }
      append_attribute(attr, value);
      if (std::strcmp(attr, "href") == 0) wrote_href = true;
    }
    if (wrote_href) out_ += " rel=\"noopener noreferrer\"";
    out_ += '>';
    if (is_void(name)) return;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) node(c, depth + 1);
    out_ += "</";
    out_ += name;
    out_ += '>';
  }

  void append_attribute(std::string_view attr, std::string_view value) {
    out_ += ' ';
    out_ += attr;
    out_ += "=\"";
    escape_into(out_, value, true);
    out_ += '"';
  }

  std::string_view base_;
  std::string out_;
};

}  // namespace

std::string sanitize_node(pugi::xml_node node, std::string_view base_url) {
  Serializer s(base_url);
  s.children(node);
  return s.take();
}

std::string sanitize_html(std::string_view html, std::string_view base_url) {
  if (html.find('<') == std::string_view::npos && html.find('&') == std::string_view::npos) {
    std::string out;
    escape_into(out, html, false);
    return out;
  }
  pugi::xml_document doc = parse_html_fragment(html);
  return sanitize_node(doc.child("html").child("body"), base_url);
}

}  // namespace gazette
