// The one check for http(s) URLs that enter Gazette (config file, `gazette
// add`, discovered feeds, redirects, followed links), and the canonical form
// a source URL is stored in.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gazette {

// Why `url` cannot be fetched, or nullopt when it can: it must be an absolute
// http or https URL (scheme in any case) with a host, a port (when given)
// from 1 to 65535, and no user info. Credentials are refused rather than
// sent: Gazette has nowhere safe to keep them (they would be printed in
// logs, stored in the database and exported). The text follows the URL
// ("is not an absolute http(s) URL", "has port 99999, out of range
// (1-65535)"); callers put the URL before it, through url_for_log.
std::optional<std::string> http_url_problem(std::string_view url);

// `url` (which passes http_url_problem) with its scheme and host in lower
// case, and the port dropped when it is the scheme's default (or empty) and
// written without leading zeros otherwise: "HTTP://Example.ORG:80/a" ->
// "http://example.org/a". Path, query and fragment are left as they are.
std::string canonical_http_url(std::string_view url);

// `url` for logs and messages: any user info (the "user:password@" part)
// replaced by "***". Works on text that does not parse as a URL too.
std::string url_for_log(std::string_view url);

}  // namespace gazette
