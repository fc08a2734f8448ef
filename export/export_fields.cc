#include "export/export_fields.h"

#include <fmt/format.h>

#include <boost/url/parse.hpp>
#include <ctime>
#include <iterator>

#include "export/article_sink.h"
#include "storage/time_format.h"

namespace gazette {

std::string exportable_url(std::string_view url) {
  // RFC 3986 unreserved and reserved characters, and '%' (a broken escape
  // fails the parse below).
  static constexpr std::string_view kUrlChars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";
  std::string encoded;
  encoded.reserve(url.size());
  for (char c : url) {
    if (kUrlChars.find(c) != std::string_view::npos)
      encoded += c;
    else
      fmt::format_to(std::back_inserter(encoded), "%{:02X}", static_cast<unsigned char>(c));
  }
  // parse_uri, not parse_absolute_uri: the latter rejects a fragment.
  auto parsed = boost::urls::parse_uri(encoded);
  if (!parsed) return {};
  // Scheme names are case-insensitive (JaVaScRiPt: is javascript:).
  std::string scheme(parsed->scheme());
  for (char& c : scheme) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (scheme != "http" && scheme != "https") return {};
  if (!parsed->has_authority() || parsed->encoded_host().empty()) return {};
  return encoded;
}

std::string article_feed_id(const ArticleRecord& article) {
  if (std::string url = exportable_url(article.url); !url.empty()) return url;
  return fmt::format("urn:gazette:article:{}", article.id);
}

const std::string& article_modified(const ArticleRecord& article) {
  return article.updated ? *article.updated : article.published;
}

std::string rfc822_date(const std::string& iso) {
  std::optional<UnixTime> t = parse_utc(iso);
  if (!t) throw ExportError(fmt::format("article time {:?} is not UTC ISO-8601", iso));
  std::time_t seconds = static_cast<std::time_t>(*t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000", kDays[tm.tm_wday], tm.tm_mday,
                     kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string with_char_refs(std::string_view text, std::string_view chars) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    if (chars.find(c) == std::string_view::npos)
      out += c;
    else
      fmt::format_to(std::back_inserter(out), "&#{};", static_cast<int>(c));
  }
  return out;
}

std::string html_escaped(std::string_view text) { return with_char_refs(text, "&<>\"'"); }

std::string clean_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  while (i < n) {
    unsigned char c = s[i];
    std::size_t len = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xE  ? 3
                      : (c >> 3) == 0x1E ? 4
                                         : 0;
    bool valid = len > 0 && i + len <= n;
    char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; valid && k < len; ++k) {
      valid = (s[i + k] & 0xC0) == 0x80;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and code points beyond U+10FFFF are invalid too.
    if (valid && ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
                  (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)))
      valid = false;
    if (!valid) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    bool forbidden =
        (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF;
    if (!forbidden) out.append(text, i, len);
    i += len;
  }
  return out;
}

}  // namespace gazette
