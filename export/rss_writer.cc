#include "export/rss_writer.h"

#include "export/export_fields.h"
#include "export/xml_output.h"

namespace gazette {

// RSS 2.0 requires a channel link; without --link the export still needs one.
constexpr const char* kDefaultLink = "https://gazette.invalid/";

RssWriter::RssWriter(std::ostream& out, FeedInfo info) : out_(out) {
  add_xml_declaration(doc_);
  pugi::xml_node rss = doc_.append_child("rss");
  rss.append_attribute("version") = "2.0";
  rss.append_attribute("xmlns:dc") = "http://purl.org/dc/elements/1.1/";
  channel_ = rss.append_child("channel");
  add_text_element(channel_, "title", info.title);
  const std::string link = exportable_url(info.link);
  add_text_element(channel_, "link", link.empty() ? kDefaultLink : link);
  add_text_element(channel_, "description", info.title + ": articles collected by Gazette");
  add_text_element(channel_, "generator", "Gazette");
  last_build_ = channel_.append_child("lastBuildDate");
}

void RssWriter::add(const ArticleRecord& a) {
  pugi::xml_node item = channel_.append_child("item");
  add_text_element(item, "title", a.title);
  const std::string url = exportable_url(a.url);
  if (!url.empty()) add_text_element(item, "link", url);
  pugi::xml_node guid = add_text_element(item, "guid", article_feed_id(a));
  guid.append_attribute("isPermaLink") = url.empty() ? "false" : "true";
  add_text_element(item, "pubDate", rfc822_date(a.published));
  // <author> must be an e-mail address; a display name goes in dc:creator.
  if (!a.author.empty()) add_text_element(item, "dc:creator", a.author);
  for (const std::string& category : a.categories) add_text_element(item, "category", category);
  // Readers render <description> as HTML: the summary is plain text (it may
  // talk about "<script>"), so it goes in escaped.
  if (!a.content_html.empty())
    add_text_element(item, "description", a.content_html);
  else if (!a.summary.empty())
    add_text_element(item, "description", html_escaped(a.summary));
  // RSS has room for one <enclosure> (readers take the first), whose three
  // attributes are all required: 0 and application/octet-stream say "unknown".
  for (const Enclosure& e : a.enclosures) {
    const std::string enclosure_url = exportable_url(e.url);
    if (enclosure_url.empty()) continue;
    pugi::xml_node enclosure = item.append_child("enclosure");
    enclosure.append_attribute("url") = enclosure_url.c_str();
    enclosure.append_attribute("length") = std::to_string(e.length.value_or(0)).c_str();
    enclosure.append_attribute("type") =
        clean_text(e.type.empty() ? "application/octet-stream" : e.type).c_str();
    break;
  }
  // <source> requires a url; without an exportable one it is left out.
  if (const std::string source_url = exportable_url(a.source_url); !source_url.empty()) {
    pugi::xml_node source =
        add_text_element(item, "source", a.source_title.empty() ? source_url : a.source_title);
    source.append_attribute("url") = source_url.c_str();
  }
  if (article_modified(a) > latest_) latest_ = article_modified(a);
}

void RssWriter::finish() {
  if (latest_.empty())
    channel_.remove_child(last_build_);
  else
    last_build_.text() = rfc822_date(latest_).c_str();
  save_xml(doc_, out_);
}

}  // namespace gazette
