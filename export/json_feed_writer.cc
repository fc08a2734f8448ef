#include "export/json_feed_writer.h"

#include <nlohmann/json.hpp>

#include "export/export_fields.h"

namespace gazette {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Json item(const ArticleRecord& a) {
  Json j = {{"id", article_feed_id(a)}};
  if (const std::string url = exportable_url(a.url); !url.empty()) j["url"] = url;
  j["title"] = a.title;
  // JSON Feed requires content_html or content_text; an article may have neither.
  if (!a.content_html.empty())
    j["content_html"] = a.content_html;
  else
    j["content_text"] = a.content_text;
  if (!a.summary.empty()) j["summary"] = a.summary;
  if (const std::string image = exportable_url(a.image_url); !image.empty()) j["image"] = image;
  j["date_published"] = a.published;
  if (a.updated) j["date_modified"] = *a.updated;
  if (!a.author.empty()) j["authors"] = Json::array({{{"name", a.author}}});
  if (!a.tags.empty() || !a.categories.empty()) {
    Json tags = Json::array();
    for (const std::string& t : a.tags) tags.push_back(t);
    for (const std::string& c : a.categories) tags.push_back(c);
    j["tags"] = std::move(tags);
  }
  // Podcast episodes and media files; JSON Feed requires a mime_type.
  Json attachments = Json::array();
  for (const Enclosure& e : a.enclosures) {
    const std::string url = exportable_url(e.url);
    if (url.empty()) continue;
    Json attachment = {{"url", url},
                       {"mime_type", e.type.empty() ? "application/octet-stream" : e.type}};
    if (e.length) attachment["size_in_bytes"] = *e.length;
    attachments.push_back(std::move(attachment));
  }
  if (!attachments.empty()) j["attachments"] = std::move(attachments);
  // Extension keys start with an underscore (JSON Feed 1.1, "Extensions").
  j["_gazette"] = {{"source_url", exportable_url(a.source_url)},
                   {"source_title", a.source_title},
                   {"seen_in", a.seen_in}};
  // The story it belongs to (docs/stories.md): items with the same story_id report one event.
  if (a.story_id) j["_gazette"]["story_id"] = *a.story_id;
  return j;
}

}  // namespace

void JsonFeedWriter::start() {
  // The envelope is written key by key, the items array left open, so that
  // each item can be serialized on its own.
  out_ << "{\"version\":" << dump("https://jsonfeed.org/version/1.1")
       << ",\"title\":" << dump(info_.title);
  if (const std::string link = exportable_url(info_.link); !link.empty())
    out_ << ",\"home_page_url\":" << dump(link);
  out_ << ",\"items\":[";
  started_ = true;
}

void JsonFeedWriter::add(const ArticleRecord& article) {
  if (!started_) start();
  out_ << (first_item_ ? "\n" : ",\n") << dump(item(article));
  first_item_ = false;
}

void JsonFeedWriter::finish() {
  if (!started_) start();
  out_ << "\n]}\n";
  out_.flush();
}

}  // namespace gazette
