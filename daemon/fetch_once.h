// One HTTP fetch outside the daemon loop, for commands such as `gazette add`
// and `gazette extract`.
#pragma once

#include "config/config.h"
#include "daemon/http_client.h"

namespace gazette {

FetchResponse fetch_once(const Config& config, FetchRequest request);

}  // namespace gazette
