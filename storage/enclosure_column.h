// articles.enclosures: an item's enclosures (feeds/enclosures.h) as the JSON
// array stored in the column (docs/schema.md), and read back for exports.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "feeds/enclosures.h"
#include "feeds/feed_item.h"

namespace gazette {

// `[{"url": ..., "type": ..., "length": 123, "medium": ..., "source": ...}]`,
// keys with nothing to say left out; "[]" when the item has none. Always
// valid JSON in valid UTF-8.
std::string enclosures_json(const FeedItem& item);
std::string enclosures_json(const std::vector<Enclosure>& enclosures);

// The column's value read back; entries without a usable url are skipped,
// and a value that is not such an array gives none.
std::vector<Enclosure> parse_enclosures_json(std::string_view json);

}  // namespace gazette
