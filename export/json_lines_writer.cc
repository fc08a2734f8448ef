#include "export/json_lines_writer.h"

#include <nlohmann/json.hpp>

#include "export/export_fields.h"
#include "storage/enclosure_column.h"

namespace gazette {
namespace {

// As articles_v.enclosures holds them (docs/schema.md), less those whose
// URL is not exportable.
nlohmann::ordered_json enclosures_records(const std::vector<Enclosure>& enclosures) {
  std::vector<Enclosure> exportable;
  for (const Enclosure& e : enclosures)
    if (std::string url = exportable_url(e.url); !url.empty()) {
      exportable.push_back(e);
      exportable.back().url = std::move(url);
    }
  return nlohmann::ordered_json::parse(enclosures_json(exportable));
}

}  // namespace

void JsonLinesWriter::add(const ArticleRecord& a) {
  nlohmann::ordered_json record = {
      {"id", a.id},
      {"title", a.title},
      // URLs that are not absolute http(s) are left out as "" (no URL).
      {"url", exportable_url(a.url)},
      {"source_url", exportable_url(a.source_url)},
      {"source_title", a.source_title},
      {"tags", a.tags},
      {"author", a.author},
      {"published", a.published},
      {"updated", a.updated ? nlohmann::ordered_json(*a.updated) : nlohmann::ordered_json()},
      {"first_seen", a.first_seen},
      {"last_seen", a.last_seen},
      {"summary", a.summary},
      {"content_text", a.content_text},
      {"content_html", a.content_html},
      {"image_url", exportable_url(a.image_url)},
      {"categories", a.categories},
      {"seen_in", a.seen_in},
      {"enclosures", enclosures_records(a.enclosures)},
      {"story_id", a.story_id ? nlohmann::ordered_json(*a.story_id) : nlohmann::ordered_json()},
  };
  out_ << record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void JsonLinesWriter::finish() { out_.flush(); }

}  // namespace gazette
