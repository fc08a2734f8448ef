// One HTTP fetch outside the daemon loop, for commands such as `gazette add`
// and `gazette extract`.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"
#include "http/http_client.h"

namespace gazette {

// Requests to the origins of `trusted_urls` (the sources the command works
// for) may reach any address; everything else, redirects included, only
// public ones and [fetch] allow_private (http/http_address_policy.h).
FetchResponse fetch_once(const Config& config, FetchRequest request,
                         const std::vector<std::string>& trusted_urls);

}  // namespace gazette
