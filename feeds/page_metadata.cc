#include "feeds/page_metadata.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "base/text.h"
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

// Objects of every JSON-LD block of the page by "@id", so that a reference
// ({"@id": "https://site/#/schema/person/1"}, as Yoast and other @graph
// writers give the author) reaches the object that holds the name.
using JsonLdIndex = std::map<std::string, const json*, std::less<>>;

void index_ids(const json& v, JsonLdIndex& index, int depth = 0) {
  if (depth > 8) return;
  if (v.is_array()) {
    for (const auto& e : v) index_ids(e, index, depth + 1);
    return;
  }
  if (!v.is_object()) return;
  if (auto it = v.find("@id"); it != v.end() && it->is_string() && v.size() > 1)
    index.emplace(it->get<std::string>(), &v);
  if (auto it = v.find("@graph"); it != v.end()) index_ids(*it, index, depth + 1);
}

// A person's or organization's display name: a plain string, an object's
// "name" (or given + family name), or the object an "@id" reference points
// to. Never a URL: an author given only as a profile link has no name here.
std::string name_of(const json& v, const JsonLdIndex& index, int depth = 0) {
  if (depth > 4) return {};
  if (v.is_string()) {
    std::string name = collapse_whitespace(v.get<std::string>());
    return name.find("://") == std::string::npos ? name : std::string();
  }
  // {"name": ["Ann Lee"]}, {"author": [[...]]}: the first name given.
  if (v.is_array()) {
    for (const auto& e : v)
      if (std::string name = name_of(e, index, depth + 1); !name.empty()) return name;
    return {};
  }
  if (!v.is_object()) return {};
  if (auto it = v.find("name"); it != v.end()) {
    if (std::string name = name_of(*it, index, depth + 1); !name.empty()) return name;
  }
  auto part = [&](const char* key) {
    auto it = v.find(key);
    return it != v.end() && it->is_string() ? collapse_whitespace(it->get<std::string>())
                                            : std::string();
  };
  std::string given = part("givenName"), family = part("familyName");
  if (!given.empty() || !family.empty()) return collapse_whitespace(given + " " + family);
  if (auto it = v.find("@id"); it != v.end() && it->is_string())
    if (auto ref = index.find(it->get<std::string>()); ref != index.end() && ref->second != &v)
      return name_of(*ref->second, index, depth + 1);
  return {};
}

std::string names_of(const json& v, const JsonLdIndex& index) {
  if (!v.is_array()) return name_of(v, index);
  std::string out;
  int names = 0;
  for (const auto& e : v) {
    if (++names > 16) break;  // a credits list, not a byline; and find() below stays cheap
    std::string name = name_of(e, index);
    if (name.empty() || out.find(name) != std::string::npos) continue;
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
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
  // A WebPage whose mainEntity is the story:
  // {"@type":"WebPage","mainEntity":{"@type":"NewsArticle",...}}.
  if (auto it = v.find("mainEntity"); it != v.end()) return find_article(*it, type, depth + 1);
  return nullptr;
}

// Every "@type" named in a JSON-LD value (top level, arrays, @graph), for
// the page-kind signals: CollectionPage, ItemList, WebSite...
void collect_types(const json& v, std::vector<std::string>& types, int depth = 0) {
  if (depth > 8 || types.size() >= 32) return;
  if (v.is_array()) {
    for (const auto& e : v) collect_types(e, types, depth + 1);
    return;
  }
  if (!v.is_object()) return;
  if (auto it = v.find("@type"); it != v.end()) {
    if (it->is_string()) types.push_back(it->get<std::string>());
    if (it->is_array())
      for (const auto& t : *it)
        if (t.is_string()) types.push_back(t.get<std::string>());
  }
  if (auto it = v.find("@graph"); it != v.end()) collect_types(*it, types, depth + 1);
}

// Script text without the wrappers pages put around it for old parsers:
// "<![CDATA[ ... ]]>", "//<![CDATA[ ... //]]>", "<!-- ... -->".
std::string_view json_ld_text(std::string_view s) {
  auto ltrim = [](std::string_view t) {
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
    return t;
  };
  auto rtrim = [](std::string_view t) {
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
    return t;
  };
  s = rtrim(ltrim(s));
  for (std::string_view open : {"//<![CDATA[", "<![CDATA[", "<!--"})
    if (s.starts_with(open)) s = ltrim(s.substr(open.size()));
  for (std::string_view close : {"//]]>", "]]>", "-->"})
    if (s.ends_with(close)) s = rtrim(s.substr(0, s.size() - close.size()));
  return s;
}

// How alike two titles are: the share of the words of `a` that `b` also has.
double title_overlap(std::string_view a, std::string_view b) {
  auto words = [](std::string_view s) {
    std::vector<std::string> out;
    std::string w;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c >= 0x80) {
        w += static_cast<char>(std::tolower(c));
      } else if (!w.empty()) {
        out.push_back(std::move(w));
        w.clear();
      }
    }
    if (!w.empty()) out.push_back(std::move(w));
    return out;
  };
  std::vector<std::string> wa = words(a.substr(0, 512)), wb = words(b.substr(0, 512));
  if (wa.empty()) return 0;
  int shared = 0;
  for (const auto& w : wa)
    if (std::find(wb.begin(), wb.end(), w) != wb.end()) ++shared;
  return static_cast<double>(shared) / wa.size();
}

void read_json_ld(const pugi::xml_document& page, PageMetadata& meta,
                  std::string_view document_title) {
  std::vector<json> docs;
  for (pugi::xpath_node hit : page.select_nodes("//script[@type]")) {
    pugi::xml_node script = hit.node();
    if (lower_attribute(script, "type").find("ld+json") == std::string::npos) continue;
    if (docs.size() >= 32) break;
    // Values nested deeper than kMaxJsonLdDepth are dropped while parsing
    // (the parser itself is iterative): the readers here recurse, and
    // [[[[...]]]] 300,000 deep overflowed the stack. Real JSON-LD nests a
    // few levels.
    json doc = json::parse(
        json_ld_text(script.text().get()),
        [](int depth, json::parse_event_t, json&) { return depth <= kMaxJsonLdDepth; },
        /*allow_exceptions=*/false);
    if (doc.is_discarded()) continue;
    collect_types(doc, meta.json_ld_types);
    docs.push_back(std::move(doc));
  }
  JsonLdIndex index;
  for (const json& doc : docs) index_ids(doc, index);
  for (const json& doc : docs) {
    std::string type;
    const json* article = find_article(doc, &type);
    if (!article) continue;
    meta.json_ld_type = type;
    const json& a = *article;
    auto field = [&](const char* key) -> const json* {
      auto it = a.find(key);
      return it == a.end() || it->is_null() ? nullptr : &*it;
    };
    std::string headline, name;
    if (const json* v = field("headline")) headline = text_of(*v);
    if (const json* v = field("name")) name = text_of(*v);
    // Some sites put a summary in one of the two (Wikipedia: headline "country
    // in Oceania", name "New Zealand"): the one the <title> agrees with wins.
    meta.title = headline.empty() ? name : headline;
    if (!headline.empty() && !name.empty() && headline != name &&
        title_overlap(name, document_title) > title_overlap(headline, document_title))
      meta.title = name;
    if (const json* v = field("author")) meta.author = names_of(*v, index);
    if (meta.author.empty())
      if (const json* v = field("creator")) meta.author = names_of(*v, index);
    if (const json* v = field("datePublished")) meta.published = text_of(*v);
    if (meta.published.empty())
      if (const json* v = field("dateCreated")) meta.published = text_of(*v);
    if (const json* v = field("dateModified")) meta.modified = text_of(*v);
    if (const json* v = field("url")) meta.canonical_url = text_of(*v);
    if (meta.canonical_url.empty())
      if (const json* v = field("mainEntityOfPage")) meta.canonical_url = text_of(*v, "@id");
    if (const json* v = field("image")) meta.image_url = text_of(*v, "url");
    if (const json* v = field("description")) meta.description = text_of(*v);
    if (const json* v = field("publisher")) meta.site_name = names_of(*v, index);
    // A "name" that is the publisher's name is the site, not the story.
    if (headline.empty() && !meta.site_name.empty() && meta.title == meta.site_name)
      meta.title.clear();
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

// Word count as Readability counts for titles.
std::size_t word_count(std::string_view s) {
  std::size_t words = 0;
  bool in_word = false;
  for (unsigned char c : s) {
    bool space = std::isspace(c);
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// <title> "Story headline - Site Name" -> "Story headline". Readability's
// rules, which its test pages agree with: cut at the last " | ", " - ",
// " / ", " > ", " » " (or the first part when what remains is under three
// words); "Site: Story headline" -> the part after the colon unless a
// heading says the whole; a result of four words or fewer is no headline
// (the whole title is kept).
std::string clean_document_title(const pugi::xml_document& page, std::string title) {
  static constexpr std::string_view kSeparators[] = {" | ", " - ", " \\ ", " / ",
                                                     " > ", " » ", " – ",  " — "};
  static constexpr std::string_view kHierarchical[] = {" \\ ", " / ", " > ", " » "};
  auto last_separator = [&](std::string_view t, std::size_t* size) {
    std::size_t best = std::string::npos;
    for (auto sep : kSeparators)
      if (std::size_t pos = t.rfind(sep);
          pos != std::string::npos && (best == std::string::npos || pos > best)) {
        best = pos;
        *size = sep.size();
      }
    return best;
  };
  auto first_separator = [&](std::string_view t, std::size_t* size) {
    std::size_t best = std::string::npos;
    for (auto sep : kSeparators)
      if (std::size_t pos = t.find(sep); pos != std::string::npos && pos < best) {
        best = pos;
        *size = sep.size();
      }
    return best;
  };
  const std::string original = title;
  bool hierarchical = false;
  std::size_t size = 0;
  if (std::size_t cut = last_separator(title, &size); cut != std::string::npos) {
    for (auto sep : kHierarchical)
      hierarchical = hierarchical || title.find(sep) != std::string::npos;
    std::string head = title.substr(0, cut);
    if (word_count(head) < 3) {
      std::size_t first = first_separator(original, &size);
      head = original.substr(first + size);
    }
    title = head;
  } else if (std::size_t colon = title.find(": "); colon != std::string::npos) {
    bool heading_says_all = false;
    for (pugi::xpath_node h : page.select_nodes("//h1|//h2"))
      if (inline_text(h.node()) == title) {
        heading_says_all = true;
        break;
      }
    if (!heading_says_all) {
      std::string after = title.substr(title.rfind(':') + 1);
      if (word_count(after) < 3)
        after = title.substr(colon + 1);
      else if (word_count(std::string_view(title).substr(0, title.find(':'))) > 5)
        after = title;
      title = after;
    }
  }
  title = collapse_whitespace(title);
  std::size_t words = word_count(title);
  if (words <= 4) {
    std::string bare;
    for (char c : original)
      if (std::string_view("|-\\/>").find(c) == std::string_view::npos) bare += c;
    if (!hierarchical || words != word_count(bare) - 1) return original;
  }
  return title;
}

// "By Jane Doe" -> "Jane Doe": the word that introduces a byline in the
// languages of the feeds Gazette reads, followed by a space or a colon.
// Meta keys that name an article's author: a page repeats them for each one.
bool names_a_person(std::string_view key) {
  for (std::string_view k :
       {"author", "dc:creator", "dcterm:creator", "dcterms:creator", "article:author",
        "og:article:author", "parsely-author", "sailthru:author"})
    if (key == k) return true;
  return false;
}

std::string strip_byline_word(std::string text) {
  std::size_t word = byline_word_length(text);
  if (word == 0 || text.size() <= word + 1) return text;
  return collapse_whitespace(std::string_view(text).substr(word + 1));
}

}  // namespace

std::size_t byline_word_length(std::string_view text) {
  static constexpr std::string_view kWords[] = {"by",   "par", "von",   "por", "di",
                                                "door", "av",  "przez", "od",  "af"};
  for (auto w : kWords) {
    if (text.size() < w.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < w.size(); ++i)
      same = same && std::tolower(static_cast<unsigned char>(text[i])) == w[i];
    if (!same) continue;
    if (text.size() == w.size()) return w.size();
    char next = text[w.size()];
    if (next == ' ' || next == ':' || next == '\t' || next == '\n') return w.size();
  }
  return 0;
}

std::string strip_byline_prefix(std::string_view text) {
  return strip_byline_word(collapse_whitespace(text));
}

bool is_article_type(std::string_view t) {
  if (t.size() >= 7 && t.substr(t.size() - 7) == "Article") return true;  // NewsArticle, ...
  return t == "BlogPosting" || t == "LiveBlogPosting" || t == "SocialMediaPosting" ||
         t == "Report" || t == "DiscussionForumPosting";
}

PageMetadata read_page_metadata(const pugi::xml_document& page, std::string_view base_url) {
  PageMetadata meta;
  pugi::xml_node title = page.child("html").child("head").child("title");
  if (!title) title = page.select_node("//title").node();
  std::string raw_title = inline_text(title);
  meta.document_title = clean_document_title(page, raw_title);
  read_json_ld(page, meta, raw_title);

  // Meta tags by key: lower case, "." read as ":" (dc.creator = dc:creator),
  // each word of a space-separated property its own key. A property=
  // (RDFa, Open Graph) beats a name= or itemprop= of the same key; otherwise
  // the first one wins.
  struct Tag {
    std::string value;
    bool from_property;
  };
  std::map<std::string, Tag, std::less<>> tags;
  std::vector<std::string> article_tags;
  for (pugi::xpath_node hit : page.select_nodes("//meta[@content]")) {
    pugi::xml_node m = hit.node();
    std::string value = collapse_whitespace(m.attribute("content").value());
    if (value.empty()) continue;
    for (const char* attr : {"property", "name", "itemprop"}) {
      bool property = attr[0] == 'p';
      for (std::string key : split(collapse_whitespace(lower_attribute(m, attr)), ' ')) {
        for (char& c : key)
          if (c == '.') c = ':';
        if (key == "article:tag") article_tags.push_back(value);
        auto [it, fresh] = tags.try_emplace(key, Tag{value, property});
        if (!fresh && property && !it->second.from_property) {
          it->second = Tag{value, true};
        } else if (!fresh && property == it->second.from_property && names_a_person(key) &&
                   it->second.value.size() < 400 &&
                   it->second.value.find(value) == std::string::npos) {
          // One tag per author (<meta name="author"> twice, article:author
          // as Open Graph's array): all of them, in page order.
          it->second.value += ", " + value;
        }
      }
    }
  }
  auto tag = [&](std::initializer_list<std::string_view> keys) -> std::string {
    for (auto k : keys)
      if (auto it = tags.find(k); it != tags.end()) return it->second.value;
    return {};
  };
  meta.og_type = lower(tag({"og:type"}));
  if (meta.title.empty())
    meta.title = tag({"dc:title", "dcterm:title", "dcterms:title", "og:title", "twitter:title",
                      "parsely-title", "sailthru:title"});
  if (meta.author.empty()) {
    meta.author = tag({"dc:creator", "dcterm:creator", "dcterms:creator", "author",
                       "parsely-author", "sailthru:author", "byl"});
    // article:author is often a profile URL: a name only when it is not one.
    for (std::string_view key : {"article:author", "og:article:author"}) {
      std::string article_author = tag({key});
      if (meta.author.empty() && article_author.find("://") == std::string::npos)
        meta.author = article_author;
    }
  }
  meta.author = strip_byline_word(meta.author);
  if (meta.published.empty())
    meta.published = tag({"article:published_time", "og:article:published_time", "datepublished",
                          "dcterm:created", "dcterms:created", "dc:date", "dc:date:issued",
                          "dcterms:date", "dcterms:issued", "parsely-pub-date", "sailthru:date",
                          "pubdate", "publishdate", "date", "og:published_time"});
  if (meta.modified.empty())
    meta.modified =
        tag({"article:modified_time", "og:article:modified_time", "datemodified", "og:updated_time",
             "dcterm:modified", "dcterms:modified", "last-modified"});
  if (meta.image_url.empty())
    meta.image_url = tag({"og:image", "og:image:url", "og:image:secure_url", "twitter:image",
                          "twitter:image:src", "thumbnailurl"});
  if (meta.description.empty())
    meta.description = tag({"og:description", "description", "dc:description",
                            "dcterms:description", "twitter:description"});
  if (meta.site_name.empty()) meta.site_name = tag({"og:site_name", "application-name"});
  if (meta.categories.empty())
    if (std::string section = tag({"article:section"}); !section.empty())
      meta.categories.push_back(section);
  for (auto& t : article_tags) meta.categories.push_back(std::move(t));

  // The canonical link beats og:url, which beats JSON-LD's url.
  std::string canonical;
  for (pugi::xpath_node hit : page.select_nodes("//link[@href]")) {
    std::string_view rel = hit.node().attribute("rel").value();
    if (has_token(rel, "canonical") && canonical.empty())
      canonical = collapse_whitespace(hit.node().attribute("href").value());
    if (has_token(rel, "amphtml") && meta.amp_url.empty())
      meta.amp_url =
          resolve_url(base_url, collapse_whitespace(hit.node().attribute("href").value()));
    if (has_token(rel, "next") && meta.next_page_url.empty())
      meta.next_page_url =
          resolve_url(base_url, collapse_whitespace(hit.node().attribute("href").value()));
  }
  if (canonical.empty()) canonical = tag({"og:url"});
  if (!canonical.empty()) meta.canonical_url = canonical;
  if (!meta.canonical_url.empty()) meta.canonical_url = resolve_url(base_url, meta.canonical_url);
  if (!meta.image_url.empty()) meta.image_url = resolve_url(base_url, meta.image_url);
  meta.is_amp = page.child("html").attribute("amp") || page.child("html").attribute("⚡");
  return meta;
}

}  // namespace gazette
