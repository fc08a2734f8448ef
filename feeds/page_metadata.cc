#include "feeds/page_metadata.h"

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "feeds/html_text.h"
#include "feeds/page_document.h"
#include "feeds/url_normalize.h"

namespace gazette {
namespace {

using nlohmann::json;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// JSON-LD values are a string, an object with name/@id/url, or an array of those.
std::string text_of(const json& v, const char* key = "name") {
  if (v.is_string()) return collapse_whitespace(v.get<std::string>());
  if (v.is_object()) {
    for (const char* k : {key, "@id", "url"})
      if (auto it = v.find(k); it != v.end() && it->is_string())
        return collapse_whitespace(it->get<std::string>());
  }
  if (v.is_array() && !v.empty()) return text_of(v.front(), key);
  return {};
}

std::string names_of(const json& v) {
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      std::string name = text_of(e);
      if (name.empty() || out.find(name) != std::string::npos) continue;
      if (!out.empty()) out += ", ";
      out += name;
    }
    return out;
  }
  if (v.is_object()) {
    auto it = v.find("name");
    return it != v.end() ? text_of(*it) : std::string();
  }
  return text_of(v);
}

bool has_article_type(const json& obj, std::string* type) {
  auto it = obj.find("@type");
  if (it == obj.end()) return false;
  auto check = [&](const json& t) {
    if (t.is_string() && is_article_type(t.get<std::string>())) {
      *type = t.get<std::string>();
      return true;
    }
    return false;
  };
  if (it->is_array()) {
    for (const auto& t : *it)
      if (check(t)) return true;
    return false;
  }
  return check(*it);
}

constexpr int kMaxJsonLdDepth = 32;

// The first object of an article type in a JSON-LD value, searching arrays
// and @graph.
const json* find_article(const json& v, std::string* type, int depth = 0) {
  if (depth > 8) return nullptr;
  if (v.is_array()) {
    for (const auto& e : v)
      if (const json* found = find_article(e, type, depth + 1)) return found;
    return nullptr;
  }
  if (!v.is_object()) return nullptr;
  if (has_article_type(v, type)) return &v;
  if (auto it = v.find("@graph"); it != v.end()) return find_article(*it, type, depth + 1);
  return nullptr;
}

void read_json_ld(const pugi::xml_document& page, PageMetadata& meta) {
  for (pugi::xpath_node hit : page.select_nodes("//script[@type]")) {
    pugi::xml_node script = hit.node();
    if (lower_attribute(script, "type").find("ld+json") == std::string::npos) continue;
    // Values nested deeper than kMaxJsonLdDepth are dropped while parsing
    // (the parser itself is iterative): text_of() and find_article() recurse,
    // and [[[[...]]]] 300,000 deep overflowed the stack. Real JSON-LD nests a
    // few levels.
    json doc = json::parse(
        script.text().get(),
        [](int depth, json::parse_event_t, json&) { return depth <= kMaxJsonLdDepth; },
        /*allow_exceptions=*/false);
    if (doc.is_discarded()) continue;
    std::string type;
    const json* article = find_article(doc, &type);
    if (!article) continue;
    meta.json_ld_type = type;
    const json& a = *article;
    auto field = [&](const char* key) -> const json* {
      auto it = a.find(key);
      return it == a.end() || it->is_null() ? nullptr : &*it;
    };
    if (const json* v = field("headline")) meta.title = text_of(*v);
    if (meta.title.empty())
      if (const json* v = field("name")) meta.title = text_of(*v);
    if (const json* v = field("author")) meta.author = names_of(*v);
    if (meta.author.empty())
      if (const json* v = field("creator")) meta.author = names_of(*v);
    if (const json* v = field("datePublished")) meta.published = text_of(*v);
    if (meta.published.empty())
      if (const json* v = field("dateCreated")) meta.published = text_of(*v);
    if (const json* v = field("dateModified")) meta.modified = text_of(*v);
    if (const json* v = field("url")) meta.canonical_url = text_of(*v);
    if (meta.canonical_url.empty())
      if (const json* v = field("mainEntityOfPage")) meta.canonical_url = text_of(*v, "@id");
    if (const json* v = field("image")) meta.image_url = text_of(*v, "url");
    if (const json* v = field("description")) meta.description = text_of(*v);
    if (const json* v = field("publisher")) meta.site_name = names_of(*v);
    if (const json* v = field("articleSection")) {
      if (v->is_array()) {
        for (const auto& s : *v)
          if (s.is_string()) meta.categories.push_back(collapse_whitespace(s.get<std::string>()));
      } else if (v->is_string()) {
        meta.categories.push_back(collapse_whitespace(v->get<std::string>()));
      }
    }
    return;  // the first article object is the page's story
  }
}

// <title> "Story headline - Site Name" -> "Story headline": cut at the last
// separator when what remains still reads like a headline.
std::string strip_site_name(std::string title) {
  for (std::string_view sep : {" | ", " - ", " – ", " — ", " :: ", " » ", " / "}) {
    std::size_t pos = title.rfind(sep);
    if (pos == std::string::npos) continue;
    std::string head = title.substr(0, pos);
    std::size_t words = 1;
    for (char c : head) words += c == ' ';
    if (words >= 3) return head;
  }
  return title;
}

}  // namespace

bool is_article_type(std::string_view t) {
  if (t.size() >= 7 && t.substr(t.size() - 7) == "Article") return true;  // NewsArticle, ...
  return t == "BlogPosting" || t == "LiveBlogPosting" || t == "SocialMediaPosting" ||
         t == "Report" || t == "DiscussionForumPosting";
}

PageMetadata read_page_metadata(const pugi::xml_document& page, std::string_view base_url) {
  PageMetadata meta;
  read_json_ld(page, meta);

  // Meta tags by lower-cased property/name/itemprop; the first of each wins.
  std::map<std::string, std::string, std::less<>> tags;
  std::vector<std::string> article_tags;
  for (pugi::xpath_node hit : page.select_nodes("//meta[@content]")) {
    pugi::xml_node m = hit.node();
    std::string value = collapse_whitespace(m.attribute("content").value());
    if (value.empty()) continue;
    for (const char* attr : {"property", "name", "itemprop"}) {
      std::string key = lower_attribute(m, attr);
      if (key.empty()) continue;
      if (key == "article:tag") article_tags.push_back(value);
      tags.emplace(key, value);
    }
  }
  auto tag = [&](std::initializer_list<std::string_view> keys) -> std::string {
    for (auto k : keys)
      if (auto it = tags.find(k); it != tags.end()) return it->second;
    return {};
  };
  meta.og_type = lower(tag({"og:type"}));
  if (meta.title.empty())
    meta.title = tag({"dc.title", "dcterm:title", "og:title", "twitter:title", "parsely-title"});
  if (meta.author.empty()) {
    meta.author =
        tag({"author", "dc.creator", "dcterm:creator", "parsely-author", "sailthru.author", "byl"});
    // article:author is often a profile URL: a name only when it is not one.
    std::string article_author = tag({"article:author"});
    if (meta.author.empty() && article_author.find("://") == std::string::npos)
      meta.author = article_author;
  }
  if (meta.published.empty())
    meta.published = tag({"article:published_time", "datepublished", "dcterm:created", "dc.date",
                          "dc.date.issued", "dcterms.date", "parsely-pub-date", "sailthru.date",
                          "pubdate", "publishdate", "date", "og:published_time"});
  if (meta.modified.empty())
    meta.modified = tag({"article:modified_time", "datemodified", "og:updated_time",
                         "dcterm:modified", "last-modified"});
  if (meta.image_url.empty())
    meta.image_url = tag({"og:image", "og:image:url", "og:image:secure_url", "twitter:image",
                          "twitter:image:src", "thumbnailurl"});
  if (meta.description.empty())
    meta.description =
        tag({"og:description", "description", "dc.description", "twitter:description"});
  if (meta.site_name.empty()) meta.site_name = tag({"og:site_name", "application-name"});
  if (meta.categories.empty())
    if (std::string section = tag({"article:section"}); !section.empty())
      meta.categories.push_back(section);
  for (auto& t : article_tags) meta.categories.push_back(std::move(t));

  // The canonical link beats og:url, which beats JSON-LD's url.
  std::string canonical;
  for (pugi::xpath_node hit : page.select_nodes("//link[@href]"))
    if (has_token(hit.node().attribute("rel").value(), "canonical")) {
      canonical = collapse_whitespace(hit.node().attribute("href").value());
      break;
    }
  if (canonical.empty()) canonical = tag({"og:url"});
  if (!canonical.empty()) meta.canonical_url = canonical;
  if (!meta.canonical_url.empty()) meta.canonical_url = resolve_url(base_url, meta.canonical_url);
  if (!meta.image_url.empty()) meta.image_url = resolve_url(base_url, meta.image_url);

  pugi::xml_node title = page.child("html").child("head").child("title");
  if (!title) title = page.select_node("//title").node();
  meta.document_title = strip_site_name(inline_text(title));
  return meta;
}

}  // namespace gazette
