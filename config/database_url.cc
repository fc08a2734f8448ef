#include "config/database_url.h"

namespace gazette {
namespace {

constexpr std::string_view kPrefixes[] = {"postgresql://", "postgres://"};

// Replaces the value of every `password=` parameter of the query with "***".
std::string hide_password_parameters(std::string url) {
  std::size_t query = url.find('?');
  if (query == std::string::npos) return url;
  constexpr std::string_view kKey = "password=";
  std::size_t at = query + 1;
  while (at < url.size()) {
    std::size_t end = url.find('&', at);
    if (end == std::string::npos) end = url.size();
    if (std::string_view(url).substr(at, end - at).starts_with(kKey)) {
      url.replace(at + kKey.size(), end - at - kKey.size(), "***");
      end = at + kKey.size() + 3;
    }
    at = end + 1;
  }
  return url;
}

}  // namespace

bool is_postgresql_url(std::string_view database) {
  for (std::string_view prefix : kPrefixes)
    if (database.starts_with(prefix)) return true;
  return false;
}

std::string database_for_log(std::string_view database) {
  if (!is_postgresql_url(database)) return std::string(database);
  std::string url(database);
  std::size_t authority = url.find("://") + 3;
  // The authority ends at the path, the query or the end; its user-info at
  // the last '@' within it (a password may hold an escaped '@' only).
  std::size_t authority_end = url.find_first_of("/?", authority);
  if (authority_end == std::string::npos) authority_end = url.size();
  std::size_t at = url.rfind('@', authority_end);
  if (at != std::string::npos && at >= authority) {
    std::size_t colon = url.find(':', authority);
    if (colon != std::string::npos && colon < at) url.replace(colon + 1, at - colon - 1, "***");
  }
  return hide_password_parameters(std::move(url));
}

}  // namespace gazette
