#include "feeds/registrable_domain.h"

#include <libpsl.h>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "feeds/url_normalize.h"

namespace gazette {
namespace {

// The newest list on the system (/usr/share/publicsuffix, else the copy
// built into libpsl). Loaded once; read-only and thread-safe afterwards.
const psl_ctx_t* public_suffix_list() {
  static const psl_ctx_t* const list = [] {
    const psl_ctx_t* latest = psl_latest(nullptr);
    return latest ? latest : psl_builtin();
  }();
  return list;
}

}  // namespace

std::string site_of_url(std::string_view url) {
  if (!is_absolute_http_url(url)) return {};
  auto parsed = boost::urls::parse_uri(url);
  boost::urls::url u(*parsed);
  u.normalize_authority();
  std::string host = u.host();  // percent-decoded, lower case
  // An address is its own site: libpsl would cut "127.0.0.1" to "0.1".
  if (u.host_type() != boost::urls::host_type::name) return host;
  while (!host.empty() && host.back() == '.') host.pop_back();  // "example.com." is example.com
  const psl_ctx_t* list = public_suffix_list();
  if (list == nullptr) return host;
  const char* domain = psl_registrable_domain(list, host.c_str());
  return domain != nullptr ? std::string(domain) : host;
}

bool same_site(std::string_view a, std::string_view b) {
  std::string site = site_of_url(a);
  return !site.empty() && site == site_of_url(b);
}

}  // namespace gazette
