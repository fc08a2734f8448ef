#include "export/hugo_page.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "export/export_fields.h"
#include "feeds/item_key.h"

namespace gazette {
namespace {

constexpr std::size_t kMaxSlug = 60;

// Bump when render_hugo_page() changes what it writes for the same article.
constexpr const char* kPageLayoutVersion = "hugo-page-2";

// What Gazette writes into a content file must reach the reader as inert
// text or sanitized HTML whatever a theme does with it. Hugo (0.111, tested
// in tests/integration/hugo_hostile_export_test.sh) renders the `summary`
// front matter as Markdown in .Summary (raw HTML passes with
// `unsafe = true`, which the body needs; `[x](javascript:..)` becomes a
// link); expands shortcodes ({{< >}}, {{% %}}) in the body of .md and .html
// content files and in whatever a theme passes to markdownify or
// .RenderString, but not in front matter itself; and themes print .Title and
// .Params.* escaped ({{ .Title }}), raw (safeHTML) or through markdownify.
// Hence one rule per kind of field:
//
// - Plain text shown as text (title, source, author, tags, categories):
//   '<' '>' (tags, autolinks), '[' ']' (Markdown links and images) and
//   '{' '}' (shortcodes, Markdown attributes) become character references.
//   No markup can form when a theme prints it raw or through markdownify,
//   and a raw print shows the text exactly. Cost: a theme that escapes
//   ({{ .Title }}, the usual case) shows "&#91;Video&#93;" for "[Video]";
//   rare in titles, and '&', quotes and the rest are kept for that reason
//   (html/template escapes them in attributes even after safeHTML).
constexpr std::string_view kTextRefs = "<>[]{}";
// - The summary, plain text that .Summary renders as Markdown: every ASCII
//   punctuation character (all that Markdown, HTML or shortcodes give a
//   meaning to) becomes a character reference, so .Summary shows the text
//   exactly and nothing in it is markup. Cost: a theme that prints
//   .Params.summary escaped shows the references.
constexpr std::string_view kSummaryRefs = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
// - URLs (canonicalURL, sourceURL, image): absolute http(s) or left out
//   (exportable_url), like every export format.
// - The body, HTML sanitized at ingest, stays HTML; every '{' becomes
//   "&#123;" (the same character to a browser, in text and in attribute
//   values) so that no shortcode delimiter reaches Hugo.
std::string hugo_text(const std::string& text) { return with_char_refs(text, kTextRefs); }

nlohmann::json hugo_texts(const std::vector<std::string>& texts) {
  nlohmann::json list = nlohmann::json::array();
  for (const std::string& text : texts) list.push_back(hugo_text(text));
  return list;
}

// A JSON string or array is a valid YAML 1.2 flow scalar/sequence, with
// every quote, backslash and control character escaped.
std::string yaml_value(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The sanitized HTML as the page body. Every '{' becomes "&#123;" (see
// above). CommonMark ends a raw HTML block at the first blank line and reads
// what follows as Markdown: a comment on each blank line keeps the body one
// HTML block without changing what it shows (inside <pre> too).
std::string hugo_body(const std::string& html) {
  std::string out;
  out.reserve(html.size());
  std::size_t start = 0;
  while (start <= html.size()) {
    std::size_t end = html.find('\n', start);
    if (end == std::string::npos) end = html.size();
    std::string_view line(html.data() + start, end - start);
    const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
    for (std::size_t brace; (brace = line.find('{')) != std::string_view::npos;) {
      out.append(line.substr(0, brace)).append("&#123;");
      line.remove_prefix(brace + 1);
    }
    out.append(line);
    if (blank && end < html.size()) out += "<!-- -->";
    if (end < html.size()) out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string title_slug(const std::string& title) {
  std::string slug;
  bool dash = false;
  for (unsigned char c : title) {
    bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    if (c == '\'') continue;  // "Harbor Town's" -> "harbor-towns"
    if (!word) {
      dash = !slug.empty();
      continue;
    }
    if (dash) {
      if (slug.size() + 1 >= kMaxSlug) break;
      slug += '-';
      dash = false;
    }
    if (slug.size() >= kMaxSlug) break;
    slug += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return slug.empty() ? "article" : slug;
}

std::string article_name_hash(const ArticleRecord& article) {
  return sha256_hex(article_feed_id(article));
}

std::string hugo_file_name(const std::string& slug, const std::string& hash, std::size_t digits) {
  std::string name;
  name.reserve(slug.size() + digits + 4);
  name.append(slug).append(1, '-').append(hash, 0, digits).append(".md");
  return name;
}

std::string render_hugo_page(const ArticleRecord& a) {
  std::string page = "---\n";
  auto field = [&](const char* key, const nlohmann::json& value) {
    page += fmt::format("{}: {}\n", key, yaml_value(value));
  };
  // The rule for each field is at the top of this file.
  const std::string source_url = exportable_url(a.source_url);
  const std::string url = exportable_url(a.url);
  const std::string image = exportable_url(a.image_url);
  field("title", hugo_text(a.title));
  field("date", a.published);
  field("lastmod", article_modified(a));
  field("source", hugo_text(a.source_title.empty() ? source_url : a.source_title));
  if (!source_url.empty()) field("sourceURL", source_url);
  field("tags", hugo_texts(a.tags));
  if (!a.categories.empty()) field("categories", hugo_texts(a.categories));
  if (!url.empty()) field("canonicalURL", url);
  if (!a.author.empty()) field("author", hugo_text(a.author));
  if (!image.empty()) field("image", image);
  // A `stories` taxonomy (docs/stories.md): with `[taxonomies] story =
  // "stories"` in the site's config, Hugo renders one page per story
  // listing every outlet's article.
  if (a.story_id) field("stories", nlohmann::json::array({fmt::format("story-{}", *a.story_id)}));
  field("summary", with_char_refs(a.summary, kSummaryRefs));
  page += "---\n";
  // No body without HTML: the summary is plain text and is in the front matter.
  if (!a.content_html.empty()) {
    page += "<div class=\"gazette-article\">\n";
    page += hugo_body(a.content_html);
    page += "\n</div>\n";
  }
  return page;
}

std::uint64_t hugo_page_fingerprint(const ArticleRecord& a) {
  // Field by field, without a concatenated copy: an unchanged export of
  // 100,000 articles hashes every body, so this is on its critical path.
  std::uint64_t h = 0;
  auto add = [&h](std::string_view field) {
    h ^= std::hash<std::string_view>{}(field) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  };
  add(kPageLayoutVersion);
  for (const std::string* field : {&a.title, &a.url, &a.source_url, &a.source_title, &a.author,
                                   &a.published, &a.summary, &a.content_html, &a.image_url})
    add(*field);
  add(a.updated ? std::string_view(*a.updated) : std::string_view("\x01"));
  for (const std::string& tag : a.tags) add(tag);
  add("\x02");
  for (const std::string& category : a.categories) add(category);
  return h;
}

}  // namespace gazette
