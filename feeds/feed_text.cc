#include "feeds/feed_text.h"

#include <openssl/evp.h>

#include <cctype>
#include <sstream>

#include "feeds/charset.h"
#include "feeds/html_document.h"
#include "feeds/html_text.h"
#include "feeds/xml_entities.h"

namespace gazette {

std::string element_text(pugi::xml_node element) {
  std::string out;
  for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  return out;
}

bool has_child_element(pugi::xml_node element) {
  for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element) return true;
  return false;
}

std::string element_markup(pugi::xml_node element) {
  return has_child_element(element) ? inner_xml(element) : element_text(element);
}

std::optional<std::string> base64_text(std::string_view encoded) {
  std::string compact;
  compact.reserve(encoded.size());
  for (char c : encoded)
    if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
  if (compact.empty() || compact.size() % 4 != 0) return std::nullopt;
  std::string out(compact.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(compact.data()),
                          static_cast<int>(compact.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the bytes the '=' padding stands for.
  std::size_t padding = compact.size() - compact.find_last_not_of('=') - 1;
  if (padding > 2) return std::nullopt;
  out.resize(static_cast<std::size_t>(n) - padding);
  if (!is_valid_utf8(out)) return std::nullopt;
  return out;
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

std::string plain_text(std::string_view text) {
  // Markup or a character reference left after XML decoding means the
  // publisher escaped HTML into the title (RSS titles are HTML in practice):
  // reduce it to text. XML decoding plus this is exactly the one HTML decode
  // such a title needs.
  bool markup = text.find('<') != std::string_view::npos;
  bool reference = text.find('&') != std::string_view::npos;
  if (!markup && !reference) return collapse_whitespace(text);
  // Most such titles hold only "&amp;rsquo;"-style references: decode them
  // without building a DOM (a gumbo parse costs far more than the title).
  if (!markup) {
    std::string decoded;
    if (decode_html_references(text, decoded)) return collapse_whitespace(decoded);
  }
  pugi::xml_document doc = parse_html_fragment(text);
  return inline_text(doc.child("html").child("body"));
}

std::string inner_xml(pugi::xml_node element) {
  std::ostringstream out;
  for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling())
    c.print(out, "", pugi::format_raw | pugi::format_no_declaration);
  return out.str();
}

std::string author_name(std::string_view author) {
  std::string a = collapse_whitespace(author);
  std::size_t open = a.find('(');
  std::size_t close = a.rfind(')');
  if (a.find('@') != std::string::npos && open != std::string::npos && close > open + 1)
    return collapse_whitespace(std::string_view(a).substr(open + 1, close - open - 1));
  return a;
}

}  // namespace gazette
