#include "feeds/atom_details.h"

#include <algorithm>
#include <string>

#include "base/text.h"
#include "feeds/date_parser.h"
#include "feeds/feed_text.h"
#include "feeds/html_text.h"
#include "feeds/text_construct.h"
#include "feeds/url_normalize.h"
#include "feeds/xml_names.h"

namespace gazette {
namespace {

// The element's text without the indentation around it.
std::string trimmed_text(pugi::xml_node element) {
  std::string text = element_text(element);
  return std::string(trim(text));
}

// resolve_url percent-encodes the non-ASCII characters of an IRI (xml:base
// "http://www.詹姆斯.com/", href="/café") so that it parses; the detail model
// keeps the IRI as published. When no input had a %XX escape of a non-ASCII
// byte of its own, every such escape in the result is one resolve_url made,
// and decoding them gives back the publisher's characters exactly.
std::string resolved(pugi::xml_node element, std::string_view reference,
                     const DocumentScope& scope) {
  std::string url = resolve_url(xmlns::base_at(element, scope.base_url), reference);
  bool own_escapes = has_non_ascii_escape(reference) || has_non_ascii_escape(scope.base_url);
  for (pugi::xml_node n = element; n && !own_escapes; n = n.parent())
    own_escapes = has_non_ascii_escape(n.attribute("xml:base").value());
  return own_escapes ? url : decode_non_ascii_escapes(url);
}

// An identifier (<id>) is an IRI compared character by character (RFC 4287
// section 4.2.6.1): only a relative one is resolved, an absolute one is kept
// exactly as written, case and escapes included.
std::string atom_id(pugi::xml_node element, const DocumentScope& scope) {
  std::string id = trimmed_text(element);
  std::string base = xmlns::base_at(element, scope.base_url);
  if (id.empty() || base.empty() || id.find(':') != std::string::npos) return id;
  return resolved(element, id, scope);
}

PublishedDate atom_date(pugi::xml_node element) {
  PublishedDate out;
  out.text = trimmed_text(element);
  if (auto t = parse_date(out.text)) out.instant = *t;
  return out;
}

// The first attribute of `names` that is present: Atom 1.0 says uri= and
// href=, Atom 0.3 and its drafts url=.
pugi::xml_attribute first_attribute(pugi::xml_node element,
                                    std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (pugi::xml_attribute a = element.attribute(name)) return a;
  return {};
}

// <author>, <contributor>: name, email and home page (1.0 <uri>, 0.3 <url>,
// earlier drafts <homepage>). A person given as bare text is its name.
Person atom_person(pugi::xml_node element, const DocumentScope& scope) {
  Person out;
  bool structured = false;
  for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    structured = true;
    std::string_view local = xmlns::local_name(c);
    if (local == "name") {
      out.name = collapse_whitespace(element_text(c));
    } else if (local == "email") {
      out.email = trimmed_text(c);
    } else if (local == "uri" || local == "url" || local == "homepage") {
      std::string href = trimmed_text(c);
      if (!href.empty()) out.href = resolved(c, href, scope);
    }
  }
  if (!structured) out.name = collapse_whitespace(element_text(element));
  return out;
}

// <link>: rel defaults to alternate, type to text/html (application/atom+xml
// for rel="self"). Early drafts put the URL in the element's text.
Link atom_link(pugi::xml_node element, const DocumentScope& scope) {
  Link out;
  if (pugi::xml_attribute rel = element.attribute("rel")) out.rel = rel.value();
  if (pugi::xml_attribute type = element.attribute("type"))
    out.type = type.value();
  else
    out.type = out.rel == "self" ? "application/atom+xml" : "text/html";
  if (pugi::xml_attribute href = first_attribute(element, {"href", "url", "uri"}))
    out.href = resolved(element, href.value(), scope);
  else if (std::string text = trimmed_text(element); !text.empty())
    out.href = resolved(element, text, scope);
  out.title = element.attribute("title").value();
  out.hreflang = element.attribute("hreflang").value();
  out.length = element.attribute("length").value();
  return out;
}

// <category term scheme label>; the drafts before Atom 1.0 gave the term as
// the element's text. The same category twice is one.
void add_category(pugi::xml_node element, std::vector<Category>& tags) {
  Category out;
  out.term = element.attribute("term").value();
  out.scheme = element.attribute("scheme").value();
  out.label = element.attribute("label").value();
  if (out.term.empty()) out.term = trimmed_text(element);
  if (out.term.empty() && out.scheme.empty() && out.label.empty()) return;
  bool known = std::any_of(tags.begin(), tags.end(), [&](const Category& c) {
    return c.term == out.term && c.scheme == out.scheme && c.label == out.label;
  });
  if (!known) tags.push_back(std::move(out));
}

Generator atom_generator(pugi::xml_node element, const DocumentScope& scope) {
  Generator out;
  out.name = trimmed_text(element);
  if (pugi::xml_attribute href = first_attribute(element, {"uri", "url", "href"}))
    out.href = resolved(element, href.value(), scope);
  out.version = element.attribute("version").value();
  return out;
}

// <icon>, <logo>: the image's URL.
FeedImage atom_image(pugi::xml_node element, const DocumentScope& scope) {
  FeedImage out;
  out.href = resolved(element, trimmed_text(element), scope);
  return out;
}

// The elements a feed, its entries and an entry's <source> share; false for
// any other.
template <typename Details>
bool read_common_element(pugi::xml_node element, std::string_view local, const DocumentScope& scope,
                         Details& out) {
  if (local == "link") {
    out.links.push_back(atom_link(element, scope));
  } else if (local == "author") {
    out.authors.push_back(atom_person(element, scope));
  } else if (local == "contributor") {
    out.contributors.push_back(atom_person(element, scope));
  } else if (local == "category") {
    add_category(element, out.tags);
  } else if (local == "updated" || local == "modified") {
    out.updated = atom_date(element);  // the last one wins, as in feedparser
  } else if (local == "published" || local == "issued") {
    out.published = atom_date(element);
  } else if (local == "created") {
    out.created = atom_date(element);
  } else {
    return false;
  }
  return true;
}

}  // namespace

bool is_html_alternate(const Link& link) {
  if (link.rel != "alternate" || link.href.empty()) return false;
  std::string_view type = link.type;
  return type == "text/html" || type == "application/xhtml+xml" || type == "html" ||
         type == "xhtml";
}

bool in_atom_vocabulary(pugi::xml_node element, std::string_view feed_ns, bool flag_undeclared) {
  return is_atom_vocabulary_uri(xmlns::uri(element, flag_undeclared), feed_ns);
}

bool is_atom_vocabulary_uri(std::string_view ns, std::string_view feed_ns) {
  return ns == feed_ns || ns == xmlns::kAtom || ns == xmlns::kAtom03;
}

bool read_atom_feed_element(pugi::xml_node element, const DocumentScope& scope,
                            FeedMetadata& feed) {
  std::string_view local = xmlns::local_name(element);
  if (read_common_element(element, local, scope, feed)) return true;
  if (local == "id") {
    feed.id = atom_id(element, scope);
  } else if (local == "generator") {
    feed.generator = atom_generator(element, scope);
  } else if (local == "icon") {
    feed.icon = atom_image(element, scope);
  } else if (local == "logo") {
    feed.logo = atom_image(element, scope);
  } else {
    return false;
  }
  return true;
}

bool read_atom_entry_element(pugi::xml_node element, const DocumentScope& scope,
                             std::string_view feed_ns, EntryDetails& entry) {
  std::string_view local = xmlns::local_name(element);
  if (read_common_element(element, local, scope, entry)) return true;
  if (local == "id") {
    entry.id = atom_id(element, scope);
  } else if (local == "source") {
    entry.source = atom_source(element, scope, feed_ns);
  } else {
    return false;
  }
  return true;
}

FeedMetadata atom_source(pugi::xml_node source, const DocumentScope& scope,
                         std::string_view feed_ns) {
  FeedMetadata out;
  for (pugi::xml_node c = source.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || !in_atom_vocabulary(c, feed_ns)) continue;
    if (read_atom_feed_element(c, scope, out)) continue;
    std::string_view local = xmlns::local_name(c);
    if (local == "title")
      out.title = atom_text(c, scope);
    else if (local == "subtitle" || local == "tagline")
      out.subtitle = atom_text(c, scope);
    else if (local == "rights" || local == "copyright")
      out.rights = atom_text(c, scope);
    else if (local == "info")
      out.info = atom_text(c, scope);
  }
  return out;
}

}  // namespace gazette
