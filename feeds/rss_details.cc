#include "feeds/rss_details.h"

#include <cctype>
#include <string>
#include <string_view>

#include "base/text.h"
#include "feeds/date_parser.h"
#include "feeds/feed_text.h"
#include "feeds/person_text.h"
#include "feeds/text_construct.h"
#include "feeds/url_normalize.h"
#include "feeds/xml_names.h"

namespace gazette {
namespace {

// Namespaces RSS feeds borrow elements from, beyond those of xml_names.h.
constexpr std::string_view kCreativeCommonsRdf = "http://web.resource.org/cc/";
constexpr std::string_view kCreativeCommons = "http://creativecommons.org/ns#";
constexpr std::string_view kCreativeCommonsRss =
    "http://backend.userland.com/creativeCommonsRssModule";
constexpr std::string_view kAdmin = "http://webns.net/mvcb/";

// RSS names and attributes are compared without case: publishers write
// <pubdate>, <textinput>, <managingeditor>, registerprocedure for the names
// the specifications spell in camel case, and mean the same.
bool same_name(std::string_view a, std::string_view b) {
  return xmlns::same_name_ignoring_case(a, b);
}

std::string trimmed(std::string_view s) { return std::string(trim(s)); }

std::string text_of(pugi::xml_node element) { return trimmed(element_text(element)); }

// A URL as published, resolved against the base in force at `element`
// (xml:base, else the document's URL); relative when there is no base.
std::string url_at(pugi::xml_node element, const DocumentScope& scope, std::string_view url) {
  std::string reference = trimmed(url);
  if (reference.empty()) return reference;
  std::string base = xmlns::base_at(element, scope.base_url);
  return base.empty() ? reference : resolve_url(base, reference);
}

// The URL an RDF element points to: rdf:resource, else its text.
std::string rdf_resource(pugi::xml_node element) {
  for (pugi::xml_attribute a = element.first_attribute(); a; a = a.next_attribute()) {
    std::string_view name = a.name();
    std::size_t colon = name.find(':');
    if (colon != std::string_view::npos && name.substr(colon + 1) == "resource") return a.value();
  }
  return text_of(element);
}

void add_person(std::vector<Person>& people, pugi::xml_node element) {
  Person p = person_from_text(element_text(element));
  if (!p.name.empty() || !p.email.empty()) people.push_back(std::move(p));
}

void set_person(std::optional<Person>& person, pugi::xml_node element) {
  Person p = person_from_text(element_text(element));
  if (!p.name.empty() || !p.email.empty()) person = std::move(p);
}

void add_tag(std::vector<Category>& tags, std::string term, std::string_view scheme) {
  if (!term.empty()) tags.push_back({std::move(term), trimmed(scheme), {}});
}

// <tags>one, two</tags>: a comma-separated list some blog engines write.
void add_tag_list(std::vector<Category>& tags, std::string_view list) {
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    add_tag(tags, trimmed(list.substr(start, comma - start)), {});
    start = comma + 1;
  }
}

void set_date(std::optional<PublishedDate>& date, pugi::xml_node element) {
  PublishedDate d = published_date(element_text(element));
  if (!d.text.empty()) date = std::move(d);
}

// dcterms:valid is a DCMI period: "start=...; end=...; scheme=W3C-DTF".
void set_validity(FeedMetadata& out, std::string_view period) {
  std::size_t start = 0;
  while (start < period.size()) {
    std::size_t semicolon = period.find(';', start);
    if (semicolon == std::string_view::npos) semicolon = period.size();
    std::string_view part = period.substr(start, semicolon - start);
    std::size_t equals = part.find('=');
    if (equals != std::string_view::npos) {
      std::string name = trimmed(part.substr(0, equals));
      std::string_view value = part.substr(equals + 1);
      if (name == "start") out.validity_start = published_date(value);
      if (name == "end") out.validity_end = published_date(value);
    }
    start = semicolon + 1;
  }
}

// An RSS <link> (its text is the URL), as feedparser lists it.
void add_rss_link(std::vector<Link>& links, pugi::xml_node element, const DocumentScope& scope) {
  std::string href = url_at(element, scope, element_text(element));
  if (!href.empty()) links.push_back({"alternate", "text/html", std::move(href), {}, {}, {}});
}

// An atom:link inside RSS, with Atom's defaults for rel and type.
void add_atom_link(std::vector<Link>& links, pugi::xml_node element, const DocumentScope& scope) {
  Link link;
  std::string rel = trimmed(element.attribute("rel").value());
  if (!rel.empty()) link.rel = rel;
  link.type = trimmed(element.attribute("type").value());
  if (link.type.empty()) link.type = link.rel == "self" ? "application/atom+xml" : "text/html";
  link.href = url_at(element, scope, element.attribute("href").value());
  link.title = element.attribute("title").value();
  link.length = element.attribute("length").value();
  link.hreflang = element.attribute("hreflang").value();
  if (!link.href.empty()) links.push_back(std::move(link));
}

// cc:license rdf:resource="..." or creativeCommons:license with the URL as text.
void add_license(std::vector<Link>& links, pugi::xml_node element, const DocumentScope& scope) {
  std::string href = url_at(element, scope, rdf_resource(element));
  if (!href.empty()) links.push_back({"license", {}, std::move(href), {}, {}, {}});
}

bool is_license(std::string_view ns, std::string_view local) {
  return local == "license" &&
         (ns == kCreativeCommonsRdf || ns == kCreativeCommons || ns == kCreativeCommonsRss);
}

bool has_alternate(const std::vector<Link>& links) {
  for (const Link& l : links)
    if (l.rel == "alternate") return true;
  return false;
}

FeedImage read_image(pugi::xml_node image, const DocumentScope& scope) {
  FeedImage out;
  for (pugi::xml_node c = image.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view local = xmlns::local_name(c);
    if (same_name(local, "url"))
      out.href = url_at(c, scope, element_text(c));
    else if (same_name(local, "title"))
      out.title = plain_text(element_text(c));
    else if (same_name(local, "link"))
      out.link = url_at(c, scope, element_text(c));
    else if (same_name(local, "description"))
      out.description = text_of(c);
    else if (same_name(local, "width"))
      out.width = text_of(c);
    else if (same_name(local, "height"))
      out.height = text_of(c);
  }
  return out;
}

TextInput read_text_input(pugi::xml_node input, const DocumentScope& scope) {
  TextInput out;
  for (pugi::xml_node c = input.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view local = xmlns::local_name(c);
    if (same_name(local, "title"))
      out.title = plain_text(element_text(c));
    else if (same_name(local, "description"))
      out.description = text_of(c);
    else if (same_name(local, "name"))
      out.name = text_of(c);
    else if (same_name(local, "link"))
      out.link = url_at(c, scope, element_text(c));
  }
  return out;
}

Cloud read_cloud(pugi::xml_node cloud) {
  return {std::string(xmlns::attribute_ignoring_case(cloud, "domain")),
          std::string(xmlns::attribute_ignoring_case(cloud, "port")),
          std::string(xmlns::attribute_ignoring_case(cloud, "path")),
          std::string(xmlns::attribute_ignoring_case(cloud, "registerProcedure")),
          std::string(xmlns::attribute_ignoring_case(cloud, "protocol"))};
}

// Dublin Core and DCMI terms elements that channels and items share. Returns
// false for the others.
bool read_dublin_core(pugi::xml_node c, std::string_view ns, std::string_view local,
                      std::vector<Person>& authors, std::vector<Person>& contributors,
                      std::optional<Person>& publisher, std::vector<Category>& tags,
                      std::optional<PublishedDate>& published,
                      std::optional<PublishedDate>& updated,
                      std::optional<PublishedDate>& created) {
  if (ns == xmlns::kDublinCore) {
    if (local == "creator" || local == "author")
      add_person(authors, c);
    else if (local == "contributor")
      add_person(contributors, c);
    else if (local == "publisher")
      set_person(publisher, c);
    else if (local == "subject")
      add_tag(tags, text_of(c), {});
    else if (local == "date")
      set_date(updated, c);
    else
      return false;
    return true;
  }
  if (ns == xmlns::kDcTerms) {
    if (local == "issued")
      set_date(published, c);
    else if (local == "modified")
      set_date(updated, c);
    else if (local == "created")
      set_date(created, c);
    else
      return false;
    return true;
  }
  return false;
}

}  // namespace

PublishedDate published_date(std::string_view text) {
  PublishedDate out;
  out.text = trimmed(text);
  out.instant = parse_date(out.text);
  return out;
}

void read_rss_channel_element(pugi::xml_node c, const DocumentScope& scope, FeedMetadata& out) {
  if (c.type() != pugi::node_element) return;
  std::string_view local = xmlns::local_name(c);
  std::string_view ns = xmlns::uri(c, /*flag=*/false);  // the parser flags it
  if (xmlns::is_rss(ns)) {
    if (same_name(local, "link")) {
      add_rss_link(out.links, c, scope);
    } else if (same_name(local, "language")) {
      out.language = text_of(c);
    } else if (same_name(local, "image")) {
      // RSS 1.0's <channel> only names its image (rdf:resource); the image
      // itself stands beside the channel.
      if (c.first_child()) out.image = read_image(c, scope);
    } else if (same_name(local, "textInput")) {
      if (c.first_child()) out.text_input = read_text_input(c, scope);
    } else if (same_name(local, "cloud")) {
      out.cloud = read_cloud(c);
    } else if (same_name(local, "docs")) {
      out.docs = url_at(c, scope, element_text(c));
    } else if (same_name(local, "ttl")) {
      out.ttl = text_of(c);
    } else if (same_name(local, "generator")) {
      out.generator = Generator{text_of(c), {}, {}};
    } else if (same_name(local, "managingEditor") || same_name(local, "author")) {
      add_person(out.authors, c);
    } else if (same_name(local, "webMaster")) {
      set_person(out.publisher, c);
    } else if (same_name(local, "pubDate")) {
      set_date(out.published, c);
    } else if (same_name(local, "lastBuildDate")) {
      set_date(out.updated, c);
    } else if (same_name(local, "category")) {
      add_tag(out.tags, text_of(c), xmlns::attribute_ignoring_case(c, "domain"));
    } else if (same_name(local, "redirect")) {
      for (pugi::xml_node n = c.first_child(); n; n = n.next_sibling())
        if (n.type() == pugi::node_element && same_name(xmlns::local_name(n), "newLocation"))
          out.new_location = url_at(n, scope, element_text(n));
    }
    return;
  }
  if (read_dublin_core(c, ns, local, out.authors, out.contributors, out.publisher, out.tags,
                       out.published, out.updated, out.created))
    return;
  if (ns == xmlns::kDublinCore && local == "language") {
    out.language = text_of(c);
  } else if (ns == xmlns::kDcTerms && local == "valid") {
    set_validity(out, element_text(c));
  } else if (ns == xmlns::kAtom && local == "link") {
    add_atom_link(out.links, c, scope);
  } else if (is_license(ns, local)) {
    add_license(out.links, c, scope);
  } else if (ns == kAdmin && local == "errorReportsTo") {
    out.error_reports_to = rdf_resource(c);
  }
}

void read_rss_item_element(pugi::xml_node c, const DocumentScope& scope, EntryDetails& out) {
  if (c.type() != pugi::node_element) return;
  std::string_view local = xmlns::local_name(c);
  std::string_view ns = xmlns::uri(c, /*flag=*/false);  // the parser flags it
  if (xmlns::is_rss(ns)) {
    if (same_name(local, "link")) {
      add_rss_link(out.links, c, scope);
    } else if (same_name(local, "enclosure")) {
      Link link{"enclosure",
                std::string(xmlns::attribute_ignoring_case(c, "type")),
                url_at(c, scope, xmlns::attribute_ignoring_case(c, "url")),
                {},
                std::string(xmlns::attribute_ignoring_case(c, "length")),
                {}};
      if (!link.href.empty()) out.links.push_back(std::move(link));
    } else if (same_name(local, "guid")) {
      // A guid is a permalink unless isPermaLink says otherwise; it stands
      // for the link only when no <link> came before it.
      std::string_view permalink = xmlns::attribute_ignoring_case(c, "isPermaLink");
      out.guid_is_link =
          (permalink.empty() || xmlns::same_name_ignoring_case(trimmed(permalink), "true")) &&
          !has_alternate(out.links);
    } else if (same_name(local, "comments")) {
      out.comments = url_at(c, scope, element_text(c));
    } else if (same_name(local, "source")) {
      FeedMetadata source;
      TextConstruct title = rss_text(c, scope, "text/plain");
      title.value = plain_text(element_text(c));
      if (!title.value.empty()) source.title = std::move(title);
      source.href = url_at(c, scope, xmlns::attribute_ignoring_case(c, "url"));
      out.source = std::move(source);
    } else if (same_name(local, "author")) {
      add_person(out.authors, c);
    } else if (same_name(local, "category")) {
      add_tag(out.tags, text_of(c), xmlns::attribute_ignoring_case(c, "domain"));
    } else if (same_name(local, "tags")) {
      add_tag_list(out.tags, element_text(c));
    } else if (same_name(local, "pubDate")) {
      set_date(out.published, c);
    } else if (same_name(local, "expirationDate")) {
      set_date(out.expired, c);
    }
    return;
  }
  if (read_dublin_core(c, ns, local, out.authors, out.contributors, out.publisher, out.tags,
                       out.published, out.updated, out.created))
    return;
  if (ns == xmlns::kDublinCore && local == "language") {
    out.language = text_of(c);
  } else if (ns == xmlns::kAtom && local == "link") {
    add_atom_link(out.links, c, scope);
  } else if (is_license(ns, local)) {
    add_license(out.links, c, scope);
  }
}

}  // namespace gazette
