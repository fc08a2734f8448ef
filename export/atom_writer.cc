#include "export/atom_writer.h"

#include "export/export_fields.h"
#include "export/xml_output.h"

namespace gazette {

AtomWriter::AtomWriter(std::ostream& out, FeedInfo info) : out_(out) {
  info.link = exportable_url(info.link);
  add_xml_declaration(doc_);
  feed_ = doc_.append_child("feed");
  feed_.append_attribute("xmlns") = "http://www.w3.org/2005/Atom";
  add_text_element(feed_, "id", info.link.empty() ? "urn:gazette:export" : info.link);
  add_text_element(feed_, "title", info.title);
  updated_ = feed_.append_child("updated");
  if (!info.link.empty()) {
    pugi::xml_node link = feed_.append_child("link");
    link.append_attribute("href") = info.link.c_str();
  }
  // Entries without an author of their own inherit this one (RFC 4287 4.1.1).
  feed_.append_child("author").append_child("name").text() = info.title.c_str();
  add_text_element(feed_, "generator", "Gazette");
}

void AtomWriter::add(const ArticleRecord& a) {
  pugi::xml_node entry = feed_.append_child("entry");
  add_text_element(entry, "id", article_feed_id(a));
  add_text_element(entry, "title", a.title);
  add_text_element(entry, "updated", article_modified(a));
  add_text_element(entry, "published", a.published);
  if (const std::string url = exportable_url(a.url); !url.empty()) {
    pugi::xml_node link = entry.append_child("link");
    link.append_attribute("rel") = "alternate";
    link.append_attribute("href") = url.c_str();
  }
  for (const Enclosure& e : a.enclosures) {
    const std::string enclosure_url = exportable_url(e.url);
    if (enclosure_url.empty()) continue;
    pugi::xml_node link = entry.append_child("link");
    link.append_attribute("rel") = "enclosure";
    link.append_attribute("href") = enclosure_url.c_str();
    if (!e.type.empty()) link.append_attribute("type") = clean_text(e.type).c_str();
    if (e.length) link.append_attribute("length") = std::to_string(*e.length).c_str();
  }
  if (!a.author.empty()) add_text_element(entry.append_child("author"), "name", a.author);
  for (const std::string& category : a.categories)
    entry.append_child("category").append_attribute("term") = clean_text(category).c_str();
  if (!a.summary.empty()) add_text_element(entry, "summary", a.summary);
  if (!a.content_html.empty())
    add_text_element(entry, "content", a.content_html).append_attribute("type") = "html";

  // Without an exportable source URL the source keeps its title only.
  const std::string source_url = exportable_url(a.source_url);
  pugi::xml_node source = entry.append_child("source");
  if (!source_url.empty()) add_text_element(source, "id", source_url);
  add_text_element(source, "title", a.source_title.empty() ? source_url : a.source_title);
  if (!source_url.empty()) {
    pugi::xml_node self = source.append_child("link");
    self.append_attribute("rel") = "self";
    self.append_attribute("href") = source_url.c_str();
  }

  if (article_modified(a) > latest_) latest_ = article_modified(a);
}

void AtomWriter::finish() {
  // Derived from the data, never "now", so the same database gives the same bytes.
  updated_.text() = latest_.empty() ? "1970-01-01T00:00:00Z" : latest_.c_str();
  save_xml(doc_, out_);
}

}  // namespace gazette
