#include "export/hugo_page.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "export/export_fields.h"
#include "feeds/item_key.h"

namespace gazette {
namespace {

constexpr std::size_t kMaxSlug = 60;

// Bump when render_hugo_page() changes what it writes for the same article.
constexpr const char* kPageLayoutVersion = "hugo-page-1";

// A JSON string or array is a valid YAML 1.2 flow scalar/sequence, with
// every quote, backslash and control character escaped.
std::string yaml_value(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// CommonMark ends a raw HTML block at the first blank line and reads what
// follows as Markdown. A comment on each blank line keeps the body one HTML
// block without changing what it shows (inside <pre> too).
std::string without_blank_lines(const std::string& html) {
  std::string out;
  out.reserve(html.size());
  std::size_t start = 0;
  while (start <= html.size()) {
    std::size_t end = html.find('\n', start);
    if (end == std::string::npos) end = html.size();
    std::string_view line(html.data() + start, end - start);
    out.append(line);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos && end < html.size())
      out += "<!-- -->";
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
  field("title", a.title);
  field("date", a.published);
  field("lastmod", article_modified(a));
  field("source", a.source_title.empty() ? a.source_url : a.source_title);
  field("sourceURL", a.source_url);
  field("tags", a.tags);
  if (!a.categories.empty()) field("categories", a.categories);
  if (!a.url.empty()) field("canonicalURL", a.url);
  if (!a.author.empty()) field("author", a.author);
  if (!a.image_url.empty()) field("image", a.image_url);
  field("summary", a.summary);
  page += "---\n";
  // No body without HTML: the summary is plain text and is in the front matter.
  if (!a.content_html.empty()) {
    page += "<div class=\"gazette-article\">\n";
    page += without_blank_lines(a.content_html);
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
