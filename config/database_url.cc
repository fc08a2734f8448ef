#include "config/database_url.h"

namespace gazette {
namespace {

constexpr std::string_view kPrefixes[] = {"postgresql://", "postgres://"};
constexpr std::string_view kHidden = "***";

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A query parameter's name as libpq reads it: percent-escapes decoded
// (`pass%77ord` is `password`).
std::string decoded_name(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '%' && i + 2 < name.size() && hex_digit(name[i + 1]) >= 0 &&
        hex_digit(name[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(name[i + 1]) * 16 + hex_digit(name[i + 2]));
      i += 2;
    } else {
      out += name[i];
    }
  }
  return out;
}

// A query string (without its '?') with the value of every `password`
// parameter shown as "***".
std::string query_with_password_hidden(std::string_view query) {
  std::string out;
  while (true) {
    std::size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    std::size_t equals = param.find('=');
    if (equals != std::string_view::npos && decoded_name(param.substr(0, equals)) == "password") {
      out += param.substr(0, equals + 1);
      out += kHidden;
    } else {
      out += param;
    }
    if (amp == std::string_view::npos) return out;
    out += '&';
    query.remove_prefix(amp + 1);
  }
}

}  // namespace

bool is_postgresql_url(std::string_view database) {
  for (std::string_view prefix : kPrefixes)
    if (database.starts_with(prefix)) return true;
  return false;
}

std::string database_for_log(std::string_view database) {
  if (!is_postgresql_url(database)) return std::string(database);
  std::size_t authority = database.find("://") + 3;
  // The user part ends at the last '@' before the query: a password may
  // hold a raw '@' or '/' (libpq wants them percent-encoded, people do
  // not). A database name with an '@' is hidden more than needed, never less.
  std::size_t query_begin = database.find_first_of("?#", authority);
  if (query_begin == std::string_view::npos) query_begin = database.size();
  std::string_view before_query = database.substr(authority, query_begin - authority);
  std::string out(database.substr(0, authority));
  std::size_t at = before_query.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view user_info = before_query.substr(0, at);
    std::size_t colon = user_info.find(':');
    out += user_info.substr(0, colon);
    if (colon != std::string_view::npos) {
      out += ':';
      out += kHidden;
    }
    out += before_query.substr(at);
  } else {
    out += before_query;
  }
  std::string_view rest = database.substr(query_begin);
  std::size_t question = rest.find('?');
  if (question == std::string_view::npos) return out + std::string(rest);
  std::size_t hash = rest.find('#', question);
  std::string_view fragment = hash == std::string_view::npos ? "" : rest.substr(hash);
  std::string_view query = rest.substr(
      question + 1, hash == std::string_view::npos ? std::string_view::npos : hash - question - 1);
  out += rest.substr(0, question + 1);
  out += query_with_password_hidden(query);
  out += fragment;
  return out;
}

}  // namespace gazette
