#include "config/source_set_diff.h"

#include <map>
#include <set>

namespace gazette {
namespace {

std::chrono::seconds effective_interval(const SourceConfig& source, const Config& config) {
  return source.interval.value_or(config.default_interval);
}

bool same_rules(const PageRules& a, const PageRules& b) {
  return a.item == b.item && a.title == b.title && a.link == b.link && a.date == b.date &&
         a.summary == b.summary;
}

bool same_allowance(const PrivateAllowance& a, const PrivateAllowance& b) {
  if (a.hosts != b.hosts || a.networks.size() != b.networks.size()) return false;
  for (std::size_t i = 0; i < a.networks.size(); ++i)
    if (a.networks[i].text() != b.networks[i].text()) return false;
  return true;
}

std::vector<std::string> changed_fields(const SourceConfig& a, const Config& before,
                                        const SourceConfig& b, const Config& after) {
  std::vector<std::string> fields;
  if (a.kind != b.kind) fields.push_back("kind");
  if (effective_interval(a, before) != effective_interval(b, after)) fields.push_back("interval");
  if (a.tags != b.tags) fields.push_back("tags");
  if (a.title != b.title) fields.push_back("title");
  if (a.fetch_full != b.fetch_full) fields.push_back("fetch_full");
  if (!same_rules(a.rules, b.rules)) fields.push_back("rules");
  if (a.min_interval.value_or(before.min_interval) != b.min_interval.value_or(after.min_interval))
    fields.push_back("min_interval");
  if (a.max_interval.value_or(before.max_interval) != b.max_interval.value_or(after.max_interval))
    fields.push_back("max_interval");
  return fields;
}

}  // namespace

SourceSetDiff diff_sources(const Config& before, const Config& after) {
  SourceSetDiff diff;
  std::map<std::string, const SourceConfig*> old_by_url;
  for (const SourceConfig& s : before.sources) old_by_url.emplace(s.url, &s);
  std::set<std::string> new_urls;
  for (const SourceConfig& s : after.sources) {
    new_urls.insert(s.url);
    auto old = old_by_url.find(s.url);
    if (old == old_by_url.end()) {
      diff.added.push_back(s.url);
    } else if (auto fields = changed_fields(*old->second, before, s, after); !fields.empty()) {
      diff.changed.push_back({s.url, std::move(fields)});
    }
  }
  std::set<std::string> reported;
  for (const SourceConfig& s : before.sources)
    if (!new_urls.count(s.url) && reported.insert(s.url).second) diff.removed.push_back(s.url);
  return diff;
}

std::vector<std::string> settings_needing_restart(const Config& before, const Config& after) {
  std::vector<std::string> names;
  auto check = [&names](bool same, const char* name) {
    if (!same) names.push_back(name);
  };
  const FetchSettings& a = before.fetch;
  const FetchSettings& b = after.fetch;
  check(before.database == after.database, "daemon.database");
  check(a.user_agent == b.user_agent, "daemon.user_agent");
  check(a.ca_file == b.ca_file, "daemon.ca_file");
  check(a.connect_timeout == b.connect_timeout, "fetch.connect_timeout");
  check(a.header_timeout == b.header_timeout, "fetch.header_timeout");
  check(a.total_timeout == b.total_timeout, "fetch.total_timeout");
  check(a.max_body_bytes == b.max_body_bytes, "fetch.max_body_size");
  check(a.max_decoded_bytes == b.max_decoded_bytes, "fetch.max_decoded_size");
  check(a.max_connections == b.max_connections, "fetch.max_connections");
  check(a.max_connections_per_host == b.max_connections_per_host, "fetch.max_connections_per_host");
  check(a.min_host_delay == b.min_host_delay, "fetch.min_host_delay");
  check(a.robots_txt == b.robots_txt, "fetch.robots_txt");
  check(same_allowance(a.allow_private, b.allow_private), "fetch.allow_private");
  check(a.proxy == b.proxy, "fetch.proxy");
  check(a.no_proxy == b.no_proxy, "fetch.no_proxy");
  return names;
}

Config with_restart_settings_of(const Config& before, Config after) {
  // Everything in [fetch] and the client's identity is fixed but max_follow,
  // which the poller reads on each poll.
  int max_follow = after.fetch.max_follow;
  after.fetch = before.fetch;
  after.fetch.max_follow = max_follow;
  after.database = before.database;
  return after;
}

}  // namespace gazette
