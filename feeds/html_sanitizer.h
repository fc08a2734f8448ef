// Makes publisher HTML safe to store and show: an allowlist of elements and
// attributes, scripts and active content dropped with their content, URLs
// made absolute and limited to http(s) and mailto.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace gazette {

// Which serialization of the safe HTML to write. The same elements,
// attributes and URLs are dropped in both; they differ only in harmless form.
enum class HtmlForm {
  // What Gazette stores: every link gets rel="noopener noreferrer", a URL
  // that cannot be made absolute http(s)/mailto is dropped, text is written
  // from its decoded characters.
  stored,
  // A feed's own value as published (gazette parse --format feedparser, the
  // *_detail of text constructs): the author's character references kept as
  // written (&#38; stays &#38;), a relative URL with no base to resolve
  // against kept relative (it can only point into the reader's own site),
  // attributes sorted by name, void elements written as <br />, no rel added.
  published,
};

std::string sanitize_html(std::string_view html, std::string_view base_url,
                          HtmlForm form = HtmlForm::stored);

// True for the elements the sanitizer keeps (lower-case names): the markup
// of ordinary text, which a value of unknown type holding only these is.
bool is_safe_html_element(std::string_view name);

// The same over a DOM subtree: serializes the children of `node`.
std::string sanitize_node(pugi::xml_node node, std::string_view base_url);

}  // namespace gazette
