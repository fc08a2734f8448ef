// A key articles are de-duplicated by (table article_keys, docs/schema.md).
// In the database a key is one TEXT value: "url:URL", "guid:SOURCE_ID:GUID" or
// "hash:SOURCE_ID:SHA256"; stored() is the one place that writes that form.
#pragma once

#include <cstdint>
#include <string>

namespace gazette {

struct DedupKey {
  enum class Kind {
    url,   // the normalized (canonical) URL: names a story across sources
    guid,  // the item's guid: unique within its source only
    hash,  // a hash of the item's content, when it has neither usable url nor guid
  };
  Kind kind = Kind::url;
  std::int64_t source_id = 0;  // guid and hash keys only
  std::string value;           // normalized URL, guid, or hex SHA-256

  // The article_keys.key text.
  std::string stored() const;
};

}  // namespace gazette
