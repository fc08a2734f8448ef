#include "poll/body_fingerprint.h"

#include <string>

#include "feeds/item_key.h"
#include "version.h"

namespace gazette {

std::string body_fingerprint(std::string_view body, const ParseSettingsForHash& settings) {
  static const PageRules kNoRules;
  const PageRules& rules = settings.rules ? *settings.rules : kNoRules;
  return sha256_hex_of_fields({GAZETTE_VERSION, settings.kind, settings.url, settings.content_type,
                               rules.item, rules.title, rules.link, rules.date, rules.summary,
                               settings.fetch_full ? "full" : "",
                               std::to_string(settings.max_follow), body});
}

}  // namespace gazette
