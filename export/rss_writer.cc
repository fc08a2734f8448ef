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
  add_text_element(channel_, "link", info.link.empty() ? kDefaultLink : info.link);
  add_text_element(channel_, "description", info.title + ": articles collected by Gazette");
  add_text_element(channel_, "generator", "Gazette");
  last_build_ = channel_.append_child("lastBuildDate");
}

void RssWriter::add(const ArticleRecord& a) {
  pugi::xml_node item = channel_.append_child("item");
  add_text_element(item, "title", a.title);
  if (!a.url.empty()) add_text_element(item, "link", a.url);
  pugi::xml_node guid = add_text_element(item, "guid", article_feed_id(a));
  guid.append_attribute("isPermaLink") = a.url.empty() ? "false" : "true";
  add_text_element(item, "pubDate", rfc822_date(a.published));
  // <author> must be an e-mail address; a display name goes in dc:creator.
  if (!a.author.empty()) add_text_element(item, "dc:creator", a.author);
  for (const std::string& category : a.categories) add_text_element(item, "category", category);
  const std::string& body = a.content_html.empty() ? a.summary : a.content_html;
  if (!body.empty()) add_text_element(item, "description", body);
  pugi::xml_node source =
      add_text_element(item, "source", a.source_title.empty() ? a.source_url : a.source_title);
  source.append_attribute("url") = clean_text(a.source_url).c_str();
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
