#include "cli/parse_command.h"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/clock.h"
#include "base/text.h"
#include "cli/cli_support.h"
#include "cli/feedparser_json.h"
#include "daemon/exit_codes.h"
#include "feeds/document_budget.h"
#include "feeds/feed_reader.h"
#include "http/content_decoding.h"
#include "storage/enclosure_column.h"
#include "storage/time_format.h"

namespace gazette {
namespace {

using Json = nlohmann::ordered_json;

// A decoded body larger than this is refused, as a gzip bomb would be.
constexpr std::uint64_t kMaxDecodedBytes = 256ull << 20;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw CommandError{exit_code::failure,
                       fmt::format("{}: cannot read: {}", path, std::strerror(errno))};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// "Name: value" pairs, names lower case (HTTP names are case-insensitive).
std::vector<std::pair<std::string, std::string>> parse_headers(
    const std::vector<std::string>& lines) {
  std::vector<std::pair<std::string, std::string>> headers;
  for (const std::string& line : lines) {
    std::size_t colon = line.find(':');
    std::string name(trim(std::string_view(line).substr(0, colon)));
    if (colon == std::string::npos || name.empty())
      throw CommandError{exit_code::usage,
                         fmt::format("--header {}: expected 'Name: value'", line)};
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    headers.emplace_back(std::move(name),
                         std::string(trim(std::string_view(line).substr(colon + 1))));
  }
  return headers;
}

std::string header(const std::vector<std::pair<std::string, std::string>>& headers,
                   std::string_view name) {
  for (const auto& [n, v] : headers)
    if (n == name) return v;
  return {};
}

// Undoes Content-Encoding as the HTTP client does. Empty when the body is not
// in that coding (the caller then reads the body as it is, and says so).
std::string decode_content(std::string_view body, std::string_view encoding, std::string& error) {
  auto decoder = ContentDecoder::create(encoding, kMaxDecodedBytes);
  if (!decoder) {
    error = fmt::format("unknown Content-Encoding {}", encoding);
    return {};
  }
  std::string out;
  if (decoder->feed(body, out) != ContentDecoder::Status::ok ||
      decoder->finish() != ContentDecoder::Status::ok) {
    error = fmt::format("Content-Encoding {}: invalid data", encoding);
    return {};
  }
  return out;
}

Json optional_time(const std::optional<UnixTime>& t) {
  return t ? Json(format_utc(*t)) : Json(nullptr);
}

// The fields of each item as they go to the articles table.
Json gazette_json(const ParsedFeed& feed) {
  Json items = Json::array();
  for (const FeedItem& item : feed.items)
    items.push_back({{"guid", item.guid},
                     {"url", item.url},
                     {"title", item.title},
                     {"author", item.author},
                     {"published", optional_time(item.published)},
                     {"updated", optional_time(item.updated)},
                     {"categories", item.categories},
                     {"image_url", item.image_url},
                     {"summary_html", item.summary_html},
                     {"content_html", item.content_html},
                     {"content_text", item.content_text},
                     {"link_key", item.link_key},
                     {"content_hash", item.content_hash},
                     {"enclosures", Json::parse(enclosures_json(item))}});
  return {{"format", feed.format},     {"version", feed.version}, {"title", feed.title},
          {"site_url", feed.site_url}, {"warning", feed.warning}, {"items", std::move(items)}};
}

void print(const Json& json) {
  fmt::print("{}\n", json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

int cmd_parse(const ParseOptions& options) {
  std::string body = read_file(options.file);
  FeedparserContext context;
  context.url = options.url;
  context.headers = parse_headers(options.headers);
  context.http = !context.headers.empty();
  if (std::string coding = header(context.headers, "content-encoding");
      !coding.empty() && coding != "identity") {
    std::string error;
    std::string decoded = decode_content(body, coding, error);
    if (error.empty())
      body = std::move(decoded);
    else
      context.bozo = error;
  }
  context.base_url = document_base_url(options.url, header(context.headers, "content-location"));
  UnixTime now = unix_now();
  ParsedFeed feed;
  bool parsed = false;
  try {
    // The poller's budget and limits: what they cut is the fetch's warning.
    DocumentBudget budget;
    feed = read_feed(body, context.base_url, now, header(context.headers, "content-type"),
                     header(context.headers, "content-language"));
    // The parser's own flags first (charset, recovery), then the limits', as the poller does.
    if (std::string limits = budget.warning(); !limits.empty())
      feed.warning = feed.warning.empty() ? limits : feed.warning + "; " + limits;
    if (context.bozo.empty()) context.bozo = feed.bozo;
    parsed = true;
  } catch (const DocumentBudgetExceeded& e) {
    throw CommandError{exit_code::failure, fmt::format("{}: parse: {}", options.file, e.what())};
  } catch (const FeedParseError& e) {
    if (options.format != "feedparser")
      throw CommandError{exit_code::failure, fmt::format("{}: parse: {}", options.file, e.what())};
    context.bozo = e.what();
  }
  if (options.format == "feedparser")
    print(feedparser_json(parsed ? &feed : nullptr, context));
  else
    print(gazette_json(feed));
  return exit_code::ok;
}

}  // namespace gazette
