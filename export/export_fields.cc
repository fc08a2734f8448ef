#include "export/export_fields.h"

#include <fmt/format.h>

#include <boost/url/parse.hpp>
#include <ctime>
#include <iterator>

#include "export/article_sink.h"
#include "feeds/charset.h"
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
  std::string out = text;
  repair_utf8(out);
  // What XML 1.0 forbids in valid UTF-8: C0 controls other than tab, line
  // feed and carriage return (one byte each), and U+FFFE/U+FFFF (EF BF BE,
  // EF BF BF). Neither can appear inside a multi-byte sequence.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    if (c == 0xEF && i + 2 < out.size() && static_cast<unsigned char>(out[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(out[i + 2]) & 0xFE) == 0xBE) {
      i += 2;
      continue;
    }
    out[kept++] = out[i];
  }
  out.resize(kept);
  return out;
}

}  // namespace gazette
