#include "http/client_options.h"

#include <fmt/format.h>

#include "version.h"

namespace gazette {

HttpClientOptions client_options(const Config& config) {
  const FetchSettings& f = config.fetch;
  HttpClientOptions o;
  o.connect_timeout = f.connect_timeout;
  o.header_timeout = f.header_timeout;
  o.total_timeout = f.total_timeout;
  o.max_body_bytes = f.max_body_bytes;
  o.max_decoded_bytes = f.max_decoded_bytes;
  o.max_connections = f.max_connections;
  o.max_connections_per_host = f.max_connections_per_host;
  o.min_host_delay = f.min_host_delay;
  o.user_agent =
      f.user_agent.empty()
          ? fmt::format("Gazette/{} (news aggregator; +https://github.com/gazette/gazette)",
                        GAZETTE_VERSION)
          : f.user_agent;
  o.ca_file = f.ca_file;
  o.addresses = AddressPolicy(f.allow_private);
  return o;
}

}  // namespace gazette
