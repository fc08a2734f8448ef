#include "export/json_lines_writer.h"

#include <nlohmann/json.hpp>

#include "export/export_fields.h"

namespace gazette {

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
  };
  out_ << record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void JsonLinesWriter::finish() { out_.flush(); }

}  // namespace gazette
