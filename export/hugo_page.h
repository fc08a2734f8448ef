// One article as a Hugo content file: its stable file name and its Markdown
// text (YAML front matter, then the sanitized HTML body).
#pragma once

#include <cstdint>
#include <string>

#include "storage/article_selection.h"

namespace gazette {

// Lower-case ASCII words of the title joined by '-', at most 60 characters;
// "article" when the title has none.
std::string title_slug(const std::string& title);

// SHA-256 (hex) of the article's canonical URL (or its URN when it has no
// URL): the file name is the slug plus the first 6 (or more, to resolve a
// clash) of these digits, so it stays the same across exports.
std::string article_name_hash(const ArticleRecord& article);

std::string hugo_file_name(const std::string& slug, const std::string& hash, std::size_t digits);

std::string render_hugo_page(const ArticleRecord& article);

// A hash of every field render_hugo_page() reads and of the page layout's
// version: equal fingerprints give equal pages, so an unchanged article need
// not be rendered again. Fast rather than cryptographic; it may change with
// the C++ library, which only makes one export compare content again.
std::uint64_t hugo_page_fingerprint(const ArticleRecord& article);

}  // namespace gazette
