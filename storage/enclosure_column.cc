#include "storage/enclosure_column.h"

#include <nlohmann/json.hpp>

#include "feeds/url_normalize.h"

namespace gazette {

std::string enclosures_json(const FeedItem& item) { return enclosures_json(item_enclosures(item)); }

std::string enclosures_json(const std::vector<Enclosure>& enclosures) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Enclosure& e : enclosures) {
    nlohmann::ordered_json j = {{"url", e.url}};
    if (!e.type.empty()) j["type"] = e.type;
    if (e.length) j["length"] = *e.length;
    if (!e.medium.empty()) j["medium"] = e.medium;
    j["source"] = e.source;
    list.push_back(std::move(j));
  }
  // item_enclosures keeps only valid UTF-8; `replace` makes that the
  // serializer's guarantee too.
  return list.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::vector<Enclosure> parse_enclosures_json(std::string_view json) {
  std::vector<Enclosure> out;
  nlohmann::json list = nlohmann::json::parse(json, nullptr, false);
  if (!list.is_array()) return out;
  for (const nlohmann::json& j : list) {
    if (!j.is_object() || !j.contains("url") || !j["url"].is_string()) continue;
    Enclosure e;
    e.url = j["url"].get<std::string>();
    if (!is_absolute_http_url(e.url)) continue;
    if (j.contains("type") && j["type"].is_string()) e.type = j["type"].get<std::string>();
    if (j.contains("length") && j["length"].is_number_integer())
      e.length = j["length"].get<std::int64_t>();
    if (j.contains("medium") && j["medium"].is_string()) e.medium = j["medium"].get<std::string>();
    if (j.contains("source") && j["source"].is_string()) e.source = j["source"].get<std::string>();
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace gazette
