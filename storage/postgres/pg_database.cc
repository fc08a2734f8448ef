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

// Removes every `password=...` parameter from a query string (without its
// leading '?'); returns the parameters that remain, '&'-joined.
std::string query_without_password(std::string_view query) {
  std::string kept;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (param.starts_with("password=") || param == "password") continue;
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
  // The authority ends at the path, the query or the fragment. A password
  // may hold a raw '@' (libpq takes the last one), so the user part ends at
  // the last '@' of the authority.
  size_t authority_end = url.find_first_of("/?#", authority_begin);
  if (authority_end == std::string_view::npos) authority_end = url.size();
  std::string_view authority = url.substr(authority_begin, authority_end - authority_begin);
  std::string out(url.substr(0, authority_begin));
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view user_info = authority.substr(0, at);
    out += user_info.substr(0, user_info.find(':'));
    out += authority.substr(at);
  } else {
    out += authority;
  }
  std::string_view rest = url.substr(authority_end);
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
