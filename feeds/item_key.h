// What identifies an item across polls and sources (the dedup keys), and a
// fingerprint of its content to notice edits.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "feeds/feed_item.h"

namespace gazette {

struct ItemKeys {
  std::string url;   // normalize_url(item.url); empty when the item has no link
  std::string guid;  // trimmed guid/id as published; empty when absent
};

ItemKeys item_keys(const FeedItem& item);

// Hex SHA-256 over the fields a reader sees (title, author, url, summary,
// content, published), length-prefixed so field boundaries cannot collide.
std::string content_hash(const FeedItem& item);

// Hex SHA-256 of arbitrary bytes.
std::string sha256_hex(std::string_view bytes);

// Hex SHA-256 of several fields, each length-prefixed so that no two lists
// of fields hash alike by moving a boundary.
std::string sha256_hex_of_fields(std::initializer_list<std::string_view> fields);

}  // namespace gazette
