#include "feeds/html_sanitizer.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>
#include <vector>

#include "feeds/css_filter.h"
#include "feeds/html_document.h"
#include "feeds/html_limits.h"
#include "feeds/url_normalize.h"
#include "feeds/xml_entities.h"

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

// Active content whose own text is fallback for readers without it: the
// published form drops the element and keeps that text (an <iframe>'s,
// which HTML reads as raw text, parsed as HTML again and sanitized).
bool is_unwrapped_when_published(const char* name) {
  return in_list(name, {"object", "applet", "iframe"});
}

// How deep iframe fallback text is parsed again (each level is a part of the
// one before, so this bounds the work, not only the recursion).
constexpr int kMaxReparse = 4;

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

bool is_void(const char* name) {
  return in_list(name, {"br", "hr", "img", "source", "wbr", "area", "col", "command"});
}

bool is_url_attribute(const char* attr) {
  return in_list(attr,
                 {"href", "src", "poster", "cite", "background", "dynsrc", "lowsrc", "longdesc"});
}

// Presentational and semantic elements the published form keeps besides the
// stored form's: old HTML (font, center, big, tt, strike, ...), sectioning,
// table columns, image maps and meters. Nothing here loads or runs anything.
bool is_published_element(const char* name) {
  return in_list(name,
                 {"acronym",  "address",  "area",     "aside",    "big",    "center",   "col",
                  "colgroup", "command",  "datagrid", "datalist", "dfn",    "dir",      "fieldset",
                  "font",     "footer",   "header",   "label",    "legend", "m",        "map",
                  "menu",     "meter",    "multicol", "nav",      "nextid", "optgroup", "option",
                  "output",   "progress", "sound",    "spacer",   "strike", "tt"});
}

// Attributes the published form keeps on any element it keeps: layout,
// table, text and accessibility attributes and inert form-control state.
// Left out on purpose: what submits, fetches or edits (action, method,
// formaction, ping, data, datasrc, contenteditable), target (a new window
// that can reach back to the reader's page), and every on* handler.
bool is_published_attribute(const char* attr) {
  return in_list(attr, {"abbr",
                        "accept",
                        "accept-charset",
                        "accesskey",
                        "align",
                        "alt",
                        "autocomplete",
                        "autofocus",
                        "axis",
                        "background",
                        "balance",
                        "bgcolor",
                        "bgproperties",
                        "border",
                        "bordercolor",
                        "bordercolordark",
                        "bordercolorlight",
                        "bottompadding",
                        "cellpadding",
                        "cellspacing",
                        "ch",
                        "challenge",
                        "char",
                        "charoff",
                        "charset",
                        "checked",
                        "choff",
                        "cite",
                        "class",
                        "clear",
                        "color",
                        "cols",
                        "colspan",
                        "compact",
                        "coords",
                        "datetime",
                        "default",
                        "delay",
                        "dir",
                        "disabled",
                        "draggable",
                        "dynsrc",
                        "end",
                        "face",
                        "for",
                        "frame",
                        "galleryimg",
                        "gutter",
                        "headers",
                        "height",
                        "hidden",
                        "hidefocus",
                        "high",
                        "href",
                        "hreflang",
                        "hspace",
                        "icon",
                        "id",
                        "inputmode",
                        "ismap",
                        "keytype",
                        "label",
                        "lang",
                        "leftspacing",
                        "list",
                        "longdesc",
                        "loop",
                        "loopcount",
                        "loopend",
                        "loopstart",
                        "low",
                        "lowsrc",
                        "max",
                        "maxlength",
                        "media",
                        "min",
                        "multiple",
                        "name",
                        "nohref",
                        "noshade",
                        "nowrap",
                        "open",
                        "optimum",
                        "pattern",
                        "point-size",
                        "pqg",
                        "preload",
                        "prompt",
                        "radiogroup",
                        "readonly",
                        "rel",
                        "repeat-max",
                        "repeat-min",
                        "replace",
                        "required",
                        "rev",
                        "rightspacing",
                        "rows",
                        "rowspan",
                        "rules",
                        "scope",
                        "selected",
                        "shape",
                        "size",
                        "span",
                        "src",
                        "start",
                        "step",
                        "summary",
                        "suppress",
                        "tabindex",
                        "template",
                        "title",
                        "toppadding",
                        "type",
                        "unselectable",
                        "urn",
                        "usemap",
                        "valign",
                        "value",
                        "variable",
                        "volume",
                        "vrml",
                        "vspace",
                        "width",
                        "wrap"});
}

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

// True when `url` starts with a scheme ("javascript:", "http:"): RFC 3986's
// ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".
bool has_scheme(std::string_view url) {
  std::size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  if (!std::isalpha(static_cast<unsigned char>(url[0]))) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    char c = url[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
      return false;
  }
  return true;
}

// Absolute http(s)/mailto URL, or empty when the URL is not safe to keep. In
// the published form a reference that stays relative (no base to resolve it
// against) is kept: without a scheme it can only name a place on the
// reader's own site.
std::string safe_url(std::string_view value, std::string_view base, HtmlForm form) {
  std::string url = resolve_url(base, value);
  if (form == HtmlForm::published && !has_scheme(url)) {
    // Browsers ignore tabs and newlines inside URLs and read a leading
    // "java\tscript:" as a scheme: such a reference is not relative.
    if (url.find_first_of("\t\n\r") == std::string::npos) return url;
    return {};
  }
  std::string lower;
  for (std::size_t i = 0; i < url.size() && i < 8; ++i)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(url[i])));
  if (lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0 ||
      lower.rfind("mailto:", 0) == 0)
    return url;
  return {};
}

std::string safe_srcset(std::string_view value, std::string_view base, HtmlForm form) {
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
    std::string url = safe_url(candidate.substr(0, space), base, form);
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

// The length of the terminated character reference that `text` (just after
// an '&') starts with (&#38; &#x26; &amp;), 0 when it starts none.
std::size_t reference_length(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && text[i] == '#') {
    ++i;
    bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
    if (hex) ++i;
    std::size_t digits = i;
    while (i < text.size() && (hex ? std::isxdigit(static_cast<unsigned char>(text[i]))
                                   : std::isdigit(static_cast<unsigned char>(text[i]))))
      ++i;
    return i > digits && i < text.size() && text[i] == ';' ? i + 1 : 0;
  }
  while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
  if (i == 0 || i >= text.size() || text[i] != ';') return 0;
  return html_entity(text.substr(0, i)).empty() ? 0 : i + 1;
}

// Source text written back as HTML: its character references as the author
// wrote them, any other '&' and '<' escaped ('>' and '"' in an attribute).
void escape_keeping_references(std::string& out, std::string_view raw, bool attribute) {
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '&') {
      std::size_t n = reference_length(raw.substr(i + 1));
      if (n == 0) {
        out += "&amp;";
      } else {
        out.append(raw.substr(i, n + 1));
        i += n;
      }
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>' && attribute) {
      out += "&gt;";  // text keeps a '>' as written: only '<' can open markup there
    } else if (c == '"' && attribute) {
      out += "&quot;";
    } else {
      out += c;
    }
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
  Serializer(std::string_view base, HtmlForm form) : base_(base), form_(form) {}

  // `raw`, when given, is the same HTML parsed with every '&' escaped (its
  // text is the source text, references undecoded): the published form
  // writes text from it.
  void children(pugi::xml_node parent, pugi::xml_node raw = {}) { each_child(parent, raw, 0); }
  std::string take() { return std::move(out_); }

 private:
  // The children of `parent`, each with its counterpart in `raw` when the two
  // trees have the same shape there (references decoding to whitespace can
  // change how HTML parses a table, and then the raw tree is not used).
  void each_child(pugi::xml_node parent, pugi::xml_node raw, int depth) {
    std::vector<pugi::xml_node> raw_children;
    if (raw)
      for (pugi::xml_node c = raw.first_child(); c; c = c.next_sibling()) raw_children.push_back(c);
    std::size_t i = 0;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling(), ++i) {
      pugi::xml_node r;
      if (i < raw_children.size() && raw_children[i].type() == c.type() &&
          std::strcmp(raw_children[i].name(), c.name()) == 0)
        r = raw_children[i];
      node(c, r, depth);
    }
  }

  // Text or an attribute value: from the source when that decodes to the
  // same characters, else from the decoded characters.
  void write_text(std::string_view decoded, const char* raw, bool attribute) {
    if (raw && form_ == HtmlForm::published) {
      std::string check;
      if (decode_html_references(raw, check) && check == decoded) {
        escape_keeping_references(out_, raw, attribute);
        return;
      }
    }
    escape_into(out_, decoded, attribute);
  }

  void node(pugi::xml_node n, pugi::xml_node raw, int depth) {
    // parse_html never builds a deeper DOM; a DOM from elsewhere is cut here
    // rather than recursed into without bound.
    if (depth > static_cast<int>(kMaxDomDepth)) return;
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      write_text(n.value(), raw ? raw.value() : nullptr, false);
      return;
    }
    if (n.type() != pugi::node_element) return;
    const char* name = n.name();
    if (form_ == HtmlForm::published && is_unwrapped_when_published(name)) {
      if (std::strcmp(name, "iframe") != 0) {
        each_child(n, raw, depth + 1);
      } else if (reparse_ < kMaxReparse) {
        std::string fallback = inner_text(n);  // raw text: references undecoded in both trees
        // A whole-document parse drops leading whitespace: keep it here.
        std::size_t text = fallback.find_first_not_of(" \t\n\r\f");
        out_.append(fallback, 0, std::min(text, fallback.size()));
        ++reparse_;
        pugi::xml_document inside =
            parse_html_fragment(std::string_view(fallback).substr(std::min(text, fallback.size())));
        each_child(inside.child("html").child("body"), {}, depth + 1);
        --reparse_;
      }
      return;
    }
    if (is_dropped(name)) return;
    bool published_element = form_ == HtmlForm::published && is_published_element(name);
    if (!is_allowed(name) && !published_element) {  // unknown wrappers: keep what they hold
      each_child(n, raw, depth + 1);
      return;
    }
    bool is_img = std::strcmp(name, "img") == 0;
    std::string img_src;
    if (is_img) {
      img_src = safe_url(image_source(n), base_, form_);
      if (img_src.empty()) return;  // an image without a usable source is noise
    }
    struct Attribute {
      std::string name;
      std::string value;  // decoded
      const char* raw;    // as written, or null: write `value`
    };
    std::vector<Attribute> attributes;
    if (is_img) attributes.push_back({"src", img_src, nullptr});
    bool wrote_href = false;
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      const char* attr = a.name();
      if (is_img && std::strcmp(attr, "src") == 0) continue;  // written above
      bool published_attribute = form_ == HtmlForm::published &&
                                 (std::strcmp(attr, "style") == 0 || is_published_attribute(attr));
      if (!published_attribute && !attribute_allowed(name, attr)) continue;
      std::string value = a.value();
      const char* raw_value = raw ? raw.attribute(attr).as_string(nullptr) : nullptr;
      if (is_url_attribute(attr)) {
        value = safe_url(value, base_, form_);
        raw_value = nullptr;
        // The published form says a link was there (href=""), as feedparser.
        if (value.empty() && form_ == HtmlForm::stored) continue;
      } else if (std::strcmp(attr, "style") == 0) {
        value = filter_css(value);
        raw_value = nullptr;
        if (value.empty()) continue;
      } else if (std::strcmp(attr, "srcset") == 0) {
        value = safe_srcset(value, base_, form_);
        raw_value = nullptr;
        if (value.empty()) continue;
      }
      attributes.push_back({attr, std::move(value), raw_value});
      if (std::strcmp(attr, "href") == 0) wrote_href = true;
    }
    if (form_ == HtmlForm::published)
      std::stable_sort(attributes.begin(), attributes.end(),
                       [](const Attribute& a, const Attribute& b) { return a.name < b.name; });
    out_ += '<';
    out_ += name;
    for (const Attribute& a : attributes) {
      out_ += ' ';
      out_ += a.name;
      out_ += "=\"";
      write_text(a.value, a.raw, true);
      out_ += '"';
    }
    if (wrote_href && form_ == HtmlForm::stored) out_ += " rel=\"noopener noreferrer\"";
    if (is_void(name)) {
      out_ += form_ == HtmlForm::published ? " />" : ">";
      return;
    }
    out_ += '>';
    each_child(n, raw, depth + 1);
    out_ += "</";
    out_ += name;
    out_ += '>';
  }

  // The text of an element HTML reads as raw text (its one text child).
  static std::string inner_text(pugi::xml_node n) {
    std::string out;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
    return out;
  }

  std::string_view base_;
  HtmlForm form_;
  int reparse_ = 0;
  std::string out_;
};

}  // namespace

bool is_safe_html_element(std::string_view name) { return is_allowed(std::string(name).c_str()); }

std::string sanitize_node(pugi::xml_node node, std::string_view base_url) {
  Serializer s(base_url, HtmlForm::stored);
  s.children(node);
  return s.take();
}

std::string sanitize_html(std::string_view html, std::string_view base_url, HtmlForm form) {
  if (html.find('<') == std::string_view::npos && html.find('&') == std::string_view::npos) {
    std::string out;
    escape_into(out, html, false);
    return out;
  }
  pugi::xml_document doc = parse_html_fragment(html);
  Serializer s(base_url, form);
  if (form == HtmlForm::published && html.find('&') != std::string_view::npos) {
    // The same HTML with its references left undecoded, for their spelling.
    std::string escaped;
    escaped.reserve(html.size() + html.size() / 8);
    for (char c : html) {
      if (c == '&')
        escaped += "&amp;";
      else
        escaped += c;
    }
    pugi::xml_document raw = parse_html_fragment(escaped);
    s.children(doc.child("html").child("body"), raw.child("html").child("body"));
  } else {
    s.children(doc.child("html").child("body"));
  }
  return s.take();
}

}  // namespace gazette
