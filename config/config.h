// Gazette's configuration: daemon settings and the list of sources.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/ip_network.h"
#include "config/metrics_listen.h"
#include "feeds/page_rules.h"
#include "feeds/story_clusterer.h"

namespace gazette {

enum class SourceKind { feed, page };

// "feed" or "page": the word the config's tables, the database's sources.kind
// column and `gazette sources` use.
inline const char* to_string(SourceKind kind) { return kind == SourceKind::page ? "page" : "feed"; }

struct SourceConfig {
  SourceKind kind = SourceKind::feed;
  std::string url;                               // absolute http(s) URL
  std::optional<std::chrono::seconds> interval;  // falls back to Config::default_interval
  // Bounds of the adaptive interval (poll/poll_interval.h); fall back to
  // Config::min_interval and Config::max_interval.
  std::optional<std::chrono::seconds> min_interval;
  std::optional<std::chrono::seconds> max_interval;
  std::vector<std::string> tags;
  std::string title;        // overrides the feed's own title when set
  bool fetch_full = false;  // follow teaser items to their article page
  PageRules rules;          // pages only
  int line = 0;             // line of its [[feed]]/[[page]] table, for messages
};

// [fetch] allow_private: what redirects, followed links and discovered feeds
// may reach although its address is not public (docs/config.md, "Internal
// addresses"). Configured sources and their own origins need no entry.
struct PrivateAllowance {
  std::vector<IpNetwork> networks;
  std::vector<std::string> hosts;  // lower case, matched exactly against a URL's host
  bool empty() const { return networks.empty() && hosts.empty(); }
};

// The defaults of [fetch], in one place: FetchSettings (what the config says)
// and the HTTP client's HttpClientOptions (http/http_client.h) both start from
// them, so a client built without a config behaves as an empty [fetch] says.
namespace fetch_defaults {
inline constexpr std::chrono::milliseconds connect_timeout{10'000};
inline constexpr std::chrono::milliseconds header_timeout{15'000};
inline constexpr std::chrono::milliseconds total_timeout{60'000};
inline constexpr std::uint64_t max_body_bytes = 16ull << 20;
inline constexpr std::uint64_t max_decoded_bytes = 64ull << 20;
inline constexpr int max_connections = 32;
inline constexpr int max_connections_per_host = 2;
}  // namespace fetch_defaults

struct FetchSettings {
  std::chrono::milliseconds connect_timeout = fetch_defaults::connect_timeout;
  std::chrono::milliseconds header_timeout = fetch_defaults::header_timeout;
  std::chrono::milliseconds total_timeout = fetch_defaults::total_timeout;
  std::uint64_t max_body_bytes = fetch_defaults::max_body_bytes;        // on the wire (compressed)
  std::uint64_t max_decoded_bytes = fetch_defaults::max_decoded_bytes;  // after gzip/deflate
  int max_connections = fetch_defaults::max_connections;  // global concurrent connections
  int max_connections_per_host = fetch_defaults::max_connections_per_host;
  std::string user_agent;  // empty: Gazette's default
  std::string ca_file;     // empty: system CA store
  // Politeness: the gap holds for every request to a host (http/host_pacer.h);
  // robots.txt and following are for page sources and fetch_full feeds:
  std::chrono::milliseconds min_host_delay{1'000};  // between requests to one host
  // The same for a feed source's own document: feed servers (and hosts of
  // many feeds) expect pollers, not crawlers; 0 (the default) paces feeds
  // only by max_connections_per_host.
  std::chrono::milliseconds min_feed_host_delay{0};
  bool robots_txt = true;   // honour robots.txt
  int max_follow = 30;      // article pages followed per source and poll
  int max_story_pages = 5;  // pages of one followed story joined (rel=next), the first included
  PrivateAllowance allow_private;
  // [fetch] proxy and no_proxy as written, checked at load (config/proxy_settings.h);
  // nullopt when the key is absent: the environment decides (http_proxy,
  // https_proxy, no_proxy). proxy = "" means no proxy at all.
  std::optional<std::string> proxy;
  std::optional<std::vector<std::string>> no_proxy;
};

// [retention]: both off (nullopt) by default: Gazette keeps every article.
struct RetentionSettings {
  std::optional<std::chrono::seconds> max_age;  // prune articles published longer ago
  std::optional<std::int64_t> max_per_source;   // keep each source's newest this many
  bool enabled() const { return max_age || max_per_source; }
};

// [stories]: grouping the articles of different outlets that report the
// same news (feeds/story_clusterer.h, docs/stories.md).
struct StorySettings {
  bool enabled = true;
  StoryParams params;
};

struct Config {
  std::filesystem::path file;  // where it was loaded from
  // An SQLite file (relative paths resolve against the config's folder) or a
  // postgresql:// URL, kept as written (config/database_url.h).
  std::filesystem::path database;
  std::chrono::seconds default_interval{std::chrono::minutes(30)};
  // The range the adaptive interval moves in (docs/config.md, "Adaptive
  // intervals"); a source's own interval always stays within it.
  std::chrono::seconds min_interval{std::chrono::minutes(10)};
  std::chrono::seconds max_interval{std::chrono::hours(24)};
  // [daemon] lease: how long a due source belongs to the poller that took
  // it when several share a PostgreSQL store (Store::lease_due): longer than
  // a poll takes, queueing at its host included; a poller that dies loses its
  // sources to the others after this. SQLite has no leases.
  std::chrono::seconds poll_lease{std::chrono::minutes(15)};
  FetchSettings fetch;
  RetentionSettings retention;
  MetricsSettings metrics;  // [metrics]: the daemon's /metrics and /healthz endpoint
  StorySettings stories;
  std::vector<SourceConfig> sources;
};

// A config problem, with where it is, e.g.
// "gazette.toml:12: feed[2].url: \"example.org\" is not an absolute http(s) URL".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Adds one [fetch] allow_private entry ("10.0.0.0/8", "fd00::/8",
// "192.168.1.20", "intranet.example.org") to `allowance`; returns why it is
// not one.
std::optional<std::string> add_allow_private_entry(std::string_view entry,
                                                   PrivateAllowance& allowance);

// Reads and validates a config file. Throws ConfigError naming file, line and key.
Config load_config(const std::filesystem::path& path);

// Same, from text already in memory; `name` is used in messages.
Config parse_config(std::string_view text, const std::filesystem::path& name);

}  // namespace gazette
