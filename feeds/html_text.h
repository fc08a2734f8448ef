// Plain text of HTML, as a reader would copy it: paragraphs, headings, list
// items and other blocks separated by a blank line, whitespace inside a
// block collapsed, scripts and styles dropped, entities decoded.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace gazette {

std::string html_to_text(std::string_view html);

// The same rules over a DOM subtree (e.g. an extracted article body).
std::string node_text(pugi::xml_node node);

// Text of a node with all whitespace collapsed to single spaces, no blocks:
// for titles, link texts, bylines.
std::string inline_text(pugi::xml_node node);

// Collapses runs of whitespace to one space and trims.
std::string collapse_whitespace(std::string_view text);

// Elements that start a new block of text (p, div, h1, li, ...).
bool is_block_element(const char* name);
// Elements whose content is never text for a reader (script, style, ...).
bool is_non_text_element(const char* name);

// Accumulates text the way node_text() does, for code that walks a DOM for
// another purpose too (the sanitizer builds text and HTML in one pass).
class TextBuilder {
 public:
  void text(std::string_view t);
  void line_break();
  void block_break();
  std::string finish();

 private:
  std::string result_;
  std::string paragraph_;
  bool pending_space_ = false;
};

}  // namespace gazette
