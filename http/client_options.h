// Turns the [fetch] config section into the HTTP client's options.
#pragma once

#include "config/config.h"
#include "http/http_client.h"

namespace gazette {

HttpClientOptions client_options(const Config& config);

}  // namespace gazette
