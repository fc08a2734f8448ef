#include "storage/postgres/pg_database.h"

#include <fmt/format.h>

#include <exception>

#include "storage/database.h"
#include "storage/postgres/pg_migrations.h"

namespace gazette {
namespace {

// libpq's messages end with a newline; a log line should not.
std::string one_line(std::string_view message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
    message.remove_suffix(1);
  return std::string(message);
}

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
  for (size_t i = 0; i < name.size(); ++i) {
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

// Removes every `password=...` parameter from a query string (without its
// leading '?'); returns the parameters that remain, '&'-joined.
std::string query_without_password(std::string_view query) {
  std::string kept;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (decoded_name(param.substr(0, param.find('='))) == "password") continue;
    if (!kept.empty()) kept += '&';
    kept += param;
  }
  return kept;
}

}  // namespace

bool is_postgres_url(std::string_view setting) {
  return setting.starts_with("postgresql://") || setting.starts_with("postgres://");
}

std::string postgres_url_for_logs(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  size_t authority_begin = scheme_end + 3;
  // The user part ends at the last '@' before the query: a password may
  // hold a raw '@' or '/' (libpq wants them percent-encoded, people do
  // not). A database name with an '@' is cut more than needed, never less.
  size_t query_begin = url.find_first_of("?#", authority_begin);
  if (query_begin == std::string_view::npos) query_begin = url.size();
  std::string_view before_query = url.substr(authority_begin, query_begin - authority_begin);
  std::string out(url.substr(0, authority_begin));
  size_t at = before_query.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view user_info = before_query.substr(0, at);
    out += user_info.substr(0, user_info.find(':'));
    out += before_query.substr(at);
  } else {
    out += before_query;
  }
  std::string_view rest = url.substr(query_begin);
  size_t question = rest.find('?');
  if (question == std::string_view::npos) {
    out += rest;
    return out;
  }
  size_t hash = rest.find('#', question);
  std::string_view fragment = hash == std::string_view::npos ? "" : rest.substr(hash);
  std::string_view query = rest.substr(
      question + 1, hash == std::string_view::npos ? std::string_view::npos : hash - question - 1);
  out += rest.substr(0, question);
  std::string kept = query_without_password(query);
  if (!kept.empty()) out += '?' + kept;
  out += fragment;
  return out;
}

std::unique_ptr<pqxx::connection> connect_postgres(const std::string& url) {
  if (!is_postgres_url(url))
    throw StorageError(fmt::format("{}: not a postgresql:// URL", postgres_url_for_logs(url)));
  try {
    return std::make_unique<pqxx::connection>(url);
  } catch (const std::exception& e) {
    // libpq's own message names host and user, never the password.
    throw StorageError(fmt::format("{}: cannot connect to PostgreSQL: {}",
                                   postgres_url_for_logs(url), one_line(e.what())));
  }
}

std::unique_ptr<pqxx::connection> open_postgres_database(const std::string& url) {
  auto connection = connect_postgres(url);
  migrate_postgres(*connection, postgres_url_for_logs(url));
  return connection;
}

}  // namespace gazette
