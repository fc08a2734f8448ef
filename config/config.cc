#include "config/config.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <sstream>

#include "base/web_url.h"
#include "config/database_url.h"
#include "config/limits.h"
#include "config/proxy_settings.h"
#include "config/quantity.h"
#include "feeds/xpath_rule.h"

namespace gazette {
namespace {

// An upper bound on connection limits, to catch typos such as 20000.
constexpr std::int64_t kMaxConnectionLimit = 10'000;

constexpr std::string_view kDefaultDatabase = "/var/lib/gazette/gazette.db";

std::string type_name(const toml::node& node) {
  std::ostringstream out;
  out << node.type();
  return out.str();
}

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

// Reads typed values from one TOML table, and rejects what does not belong
// there, with messages of the form "file:line: key.path: what is wrong".
class TableReader {
 public:
  // `path` is the table's key path in messages ("fetch", "feed[2]"), empty
  // for the root table.
  TableReader(const toml::table& table, std::string path, const std::string& file)
      : table_(table), path_(std::move(path)), file_(file) {}

  // Throws on the first key not in `allowed`.
  void allow_only(std::initializer_list<std::string_view> allowed) const {
    for (auto&& [key, node] : table_) {
      bool known = false;
      for (std::string_view name : allowed) known = known || key.str() == name;
      if (!known) {
        int line = static_cast<int>(key.source().begin.line);
        fail(line > 0 ? line : line_of(node), key_path(key.str()),
             fmt::format("unknown key (expected one of: {})", fmt::join(allowed, ", ")));
      }
    }
  }

  std::optional<std::string> string(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    if (const auto* value = node->as_string()) return value->get();
    fail_at(key, fmt::format("expected a string, got {}", type_name(*node)));
  }

  std::optional<std::int64_t> integer(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    if (const auto* value = node->as_integer()) return value->get();
    fail_at(key, fmt::format("expected an integer, got {}", type_name(*node)));
  }

  // A TOML float or integer.
  std::optional<double> number(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    if (const auto* value = node->as_floating_point()) return value->get();
    if (const auto* value = node->as_integer()) return static_cast<double>(value->get());
    fail_at(key, fmt::format("expected a number, got {}", type_name(*node)));
  }

  std::optional<bool> boolean(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    if (const auto* value = node->as_boolean()) return value->get();
    fail_at(key, fmt::format("expected true or false, got {}", type_name(*node)));
  }

  // A duration string; a bare TOML number is refused because its unit would
  // be a guess. One too large to represent comes back as milliseconds::max():
  // every duration key has an upper bound, and refusing it there names the
  // bound ("must be at most 1h") instead of calling "99999999d" no duration.
  std::optional<std::chrono::milliseconds> duration(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    const auto* text = node->as_string();
    if (!text)
      fail_at(key,
              fmt::format("expected a duration string such as \"15m\", got {}", type_name(*node)));
    QuantityProblem problem = QuantityProblem::none;
    auto value = parse_duration(text->get(), &problem);
    if (problem == QuantityProblem::too_large) return std::chrono::milliseconds::max();
    if (!value)
      fail_at(key, fmt::format("\"{}\" is not a duration (use e.g. 90s, 15m, 1h)", text->get()));
    return value;
  }

  // A size string, or a plain non-negative integer meaning bytes. One past 64
  // bits comes back as the largest uint64_t, for the key's bound to refuse.
  std::optional<std::uint64_t> size(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    if (const auto* bytes = node->as_integer()) {
      if (bytes->get() < 0) fail_at(key, fmt::format("{} is not a size", bytes->get()));
      return static_cast<std::uint64_t>(bytes->get());
    }
    const auto* text = node->as_string();
    if (!text)
      fail_at(key,
              fmt::format("expected a size such as \"16MiB\" or bytes, got {}", type_name(*node)));
    QuantityProblem problem = QuantityProblem::none;
    auto value = parse_size(text->get(), &problem);
    if (problem == QuantityProblem::too_large) return std::numeric_limits<std::uint64_t>::max();
    if (!value)
      fail_at(key, fmt::format("\"{}\" is not a size (use e.g. 512KiB, 16MiB, 1GB)", text->get()));
    return value;
  }

  std::vector<std::string> string_list(std::string_view key) const {
    std::vector<std::string> out;
    const toml::node* node = table_.get(key);
    if (!node) return out;
    const toml::array* array = node->as_array();
    if (!array) fail_at(key, fmt::format("expected an array of strings, got {}", type_name(*node)));
    for (const toml::node& element : *array) {
      const auto* text = element.as_string();
      if (!text)
        fail(line_of(element), key_path(key),
             fmt::format("expected an array of strings, found {}", type_name(element)));
      out.push_back(text->get());
    }
    return out;
  }

  const toml::table* subtable(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return nullptr;
    if (const toml::table* table = node->as_table()) return table;
    fail_at(key, fmt::format("expected a table, got {}", type_name(*node)));
  }

  // A reader for a table found inside this one (or in the same file).
  TableReader nested(const toml::table& table, std::string path) const {
    return TableReader(table, std::move(path), file_);
  }

  bool has(std::string_view key) const { return table_.contains(key); }
  const toml::node* get(std::string_view key) const { return table_.get(key); }

  // The line of `key`'s value, or of the table when the key is absent.
  int line(std::string_view key) const {
    const toml::node* node = table_.get(key);
    return node ? line_of(*node) : own_line();
  }
  int own_line() const { return line_of(table_); }

  std::string key_path(std::string_view key) const {
    return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
  }

  [[noreturn]] void fail_at(std::string_view key, std::string_view what) const {
    fail(line(key), key_path(key), what);
  }
  [[noreturn]] void fail(int line, std::string_view key_path, std::string_view what) const {
    throw ConfigError(fmt::format("{}:{}: {}: {}", file_, line, key_path, what));
  }

 private:
  const toml::table& table_;
  std::string path_;
  const std::string& file_;
};

// Relative paths in the config are relative to the config file's folder, so
// that a config and its database can move together.
std::filesystem::path resolve(const std::filesystem::path& base, const std::string& path) {
  std::filesystem::path p(path);
  return p.is_absolute() ? p : (base / p).lexically_normal();
}

bool has_control_character(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  return false;
}

// A path with a NUL would be cut there when opened: another file than the one written.
bool has_nul(std::string_view text) { return text.find('\0') != std::string_view::npos; }

std::chrono::seconds read_interval(const TableReader& t, std::string_view key,
                                   std::chrono::milliseconds value) {
  if (std::string problem = interval_problem(value); !problem.empty()) t.fail_at(key, problem);
  return std::chrono::duration_cast<std::chrono::seconds>(value);
}

void read_daemon(const TableReader& t, const std::filesystem::path& base, Config& config) {
  t.allow_only({"database", "database_url", "default_interval", "min_interval", "max_interval",
                "user_agent", "ca_file", "lease"});
  if (auto database = t.string("database")) {
    if (database->empty())
      t.fail_at("database", "must not be empty (leave it out for the default)");
    if (has_nul(*database)) t.fail_at("database", "must not contain a NUL character");
    // A PostgreSQL URL is not a path: kept as written (config/database_url.h).
    config.database =
        is_postgresql_url(*database) ? std::filesystem::path(*database) : resolve(base, *database);
  }
  // The same setting under a name that says it is a server (issue 16).
  if (auto url = t.string("database_url")) {
    if (t.has("database"))
      t.fail_at("database_url", "give either database or database_url, not both");
    if (!is_postgresql_url(*url))
      t.fail_at("database_url", "must be a postgresql:// (or postgres://) URL");
    if (has_nul(*url)) t.fail_at("database_url", "must not contain a NUL character");
    config.database = std::filesystem::path(*url);
  }
  if (auto interval = t.duration("default_interval"))
    config.default_interval = read_interval(t, "default_interval", *interval);
  if (auto bound = t.duration("min_interval"))
    config.min_interval = read_interval(t, "min_interval", *bound);
  if (auto bound = t.duration("max_interval"))
    config.max_interval = read_interval(t, "max_interval", *bound);
  if (config.min_interval > config.max_interval)
    t.fail_at(t.has("min_interval") ? "min_interval" : "max_interval",
              "min_interval must not be longer than max_interval");
  if (auto lease = t.duration("lease")) {
    // Shorter than a poll, and a second poller starts the same source; a
    // day is more than any poll takes.
    if (*lease < std::chrono::seconds(10)) t.fail_at("lease", "must be at least 10s");
    if (*lease > std::chrono::hours(24)) t.fail_at("lease", "must be at most 1d");
    config.poll_lease = std::chrono::duration_cast<std::chrono::seconds>(*lease);
  }
  if (auto user_agent = t.string("user_agent")) {
    // It goes verbatim into a request header: a newline would split it.
    if (has_control_character(*user_agent))
      t.fail_at("user_agent", "must not contain control characters");
    config.fetch.user_agent = *user_agent;
  }
  if (auto ca_file = t.string("ca_file")) {
    if (has_nul(*ca_file)) t.fail_at("ca_file", "must not contain a NUL character");
    config.fetch.ca_file = ca_file->empty() ? std::string() : resolve(base, *ca_file).string();
  }
}

// [retention]. A day is the least max_age: retention runs daily, and an
// age below its period would promise more than it does.
void read_retention(const TableReader& t, RetentionSettings& retention) {
  t.allow_only({"max_age", "max_per_source"});
  if (auto age = t.duration("max_age")) {
    constexpr auto kMin = std::chrono::hours(24);
    constexpr auto kMax = std::chrono::hours(24 * 365 * 100);
    if (*age < kMin) t.fail_at("max_age", "must be at least 1d");
    if (*age > kMax) t.fail_at("max_age", "must be at most 36500d");
    retention.max_age = std::chrono::duration_cast<std::chrono::seconds>(*age);
  }
  if (auto count = t.integer("max_per_source")) {
    if (*count < 1) t.fail_at("max_per_source", "must be at least 1");
    retention.max_per_source = *count;
  }
}

// [stories]. The window is at least an hour (a story is rarely told in
// less) and at most 30 days (the clustering keeps the window in memory);
// the decay at least a minute.
void read_stories(const TableReader& t, StorySettings& stories) {
  t.allow_only({"enabled", "window", "decay", "threshold"});
  if (auto enabled = t.boolean("enabled")) stories.enabled = *enabled;
  if (auto window = t.duration("window")) {
    if (*window < std::chrono::hours(1)) t.fail_at("window", "must be at least 1h");
    if (*window > std::chrono::hours(24 * 30)) t.fail_at("window", "must be at most 30d");
    stories.params.window = std::chrono::duration_cast<std::chrono::seconds>(*window).count();
  }
  if (auto decay = t.duration("decay")) {
    if (*decay < std::chrono::minutes(1)) t.fail_at("decay", "must be at least 1m");
    if (*decay > std::chrono::hours(24 * 30)) t.fail_at("decay", "must be at most 30d");
    stories.params.decay = std::chrono::duration_cast<std::chrono::seconds>(*decay).count();
  }
  if (auto threshold = t.number("threshold")) {
    // Not written as !(x > 0 && x <= 1): that also refuses NaN, which TOML allows.
    if (!(*threshold > 0.0 && *threshold <= 1.0))
      t.fail_at("threshold", "must be above 0 and at most 1");
    stories.params.threshold = *threshold;
  }
}

// A host name as an allow_private entry: letters, digits and hyphens in
// dot-separated labels. A last label of digits (or 0x...) would be read as a
// numeric IPv4 address by the resolver ("2130706433", "0x7f.1"): such an
// entry must be written as an address.
bool is_host_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  std::string_view last;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t dot = name.find('.', start);
    std::string_view label =
        name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    last = label;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  bool numeric = last.find_first_not_of("0123456789") == std::string_view::npos;
  bool hex = last.size() > 1 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X');
  return !numeric && !hex;
}

}  // namespace

std::optional<std::string> add_allow_private_entry(std::string_view entry,
                                                   PrivateAllowance& allowance) {
  if (entry.find_first_not_of("0123456789.") == std::string_view::npos ||
      entry.find_first_of(":/") != std::string_view::npos) {
    std::string why;
    auto network = parse_ip_network(entry, why);
    if (!network) return why;
    allowance.networks.push_back(*network);
    return std::nullopt;
  }
  if (!is_host_name(entry))
    return "not a CIDR network, an IP address or a host name (host names are written without "
           "scheme, port or final dot; a numeric host must be written as a dotted IPv4 address)";
  std::string host(entry);
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  allowance.hosts.push_back(std::move(host));
  return std::nullopt;
}

namespace {

// [fetch] proxy and no_proxy: checked here so that a typo is a config error
// with its line, not a failure of every fetch.
void read_proxy(const TableReader& t, FetchSettings& fetch) {
  if (auto proxy = t.string("proxy")) {
    std::string why;
    if (!proxy->empty() && !parse_proxy_url(*proxy, why))
      t.fail_at("proxy", fmt::format("\"{}\" {}", proxy_url_for_log(*proxy), why));
    fetch.proxy = *proxy;
  }
  if (t.has("no_proxy")) {
    NoProxy check;
    std::vector<std::string> entries = t.string_list("no_proxy");
    for (const std::string& entry : entries)
      if (auto why = check.add(entry)) t.fail_at("no_proxy", fmt::format("\"{}\" {}", entry, *why));
    fetch.no_proxy = std::move(entries);
  }
}

void read_fetch(const TableReader& t, FetchSettings& fetch) {
  t.allow_only({"connect_timeout", "header_timeout", "total_timeout", "max_body_size",
                "max_decoded_size", "max_connections", "max_connections_per_host", "min_host_delay",
                "min_feed_host_delay", "robots_txt", "max_follow", "max_story_pages",
                "allow_private", "proxy", "no_proxy"});
  auto timeout = [&](std::string_view key, std::chrono::milliseconds& out) {
    if (auto value = t.duration(key)) {
      if (value->count() <= 0) t.fail_at(key, "must be greater than zero");
      if (*value > kMaxFetchDuration) t.fail_at(key, "must be at most 1h");
      out = *value;
    }
  };
  timeout("connect_timeout", fetch.connect_timeout);
  timeout("header_timeout", fetch.header_timeout);
  timeout("total_timeout", fetch.total_timeout);

  auto limit = [&](std::string_view key, std::uint64_t& out) {
    if (auto value = t.size(key)) {
      if (*value == 0) t.fail_at(key, "must be greater than zero");
      if (*value > kMaxBodySize) t.fail_at(key, "must be at most 1GiB");
      out = *value;
    }
  };
  limit("max_body_size", fetch.max_body_bytes);
  limit("max_decoded_size", fetch.max_decoded_bytes);

  auto count = [&](std::string_view key, int& out) {
    if (auto value = t.integer(key)) {
      if (*value <= 0) t.fail_at(key, fmt::format("must be at least 1, got {}", *value));
      if (*value > kMaxConnectionLimit)
        t.fail_at(key, fmt::format("must be at most {}, got {}", kMaxConnectionLimit, *value));
      out = static_cast<int>(*value);
    }
  };
  count("max_connections", fetch.max_connections);
  count("max_connections_per_host", fetch.max_connections_per_host);
  auto host_delay = [&](const char* key, std::chrono::milliseconds& out) {
    if (auto delay = t.duration(key)) {
      if (*delay > kMaxFetchDuration) t.fail_at(key, "must be at most 1h");
      out = *delay;  // "0s" turns it off
    }
  };
  host_delay("min_host_delay", fetch.min_host_delay);
  host_delay("min_feed_host_delay", fetch.min_feed_host_delay);
  if (auto robots = t.boolean("robots_txt")) fetch.robots_txt = *robots;
  if (auto follow = t.integer("max_follow")) {
    if (*follow < 0 || *follow > 1000)
      t.fail_at("max_follow", fmt::format("must be between 0 and 1000, got {}", *follow));
    fetch.max_follow = static_cast<int>(*follow);
  }
  if (auto pages = t.integer("max_story_pages")) {
    if (*pages < 1 || *pages > 50)
      t.fail_at("max_story_pages", fmt::format("must be between 1 and 50, got {}", *pages));
    fetch.max_story_pages = static_cast<int>(*pages);
  }
  for (const std::string& entry : t.string_list("allow_private"))
    if (auto why = add_allow_private_entry(entry, fetch.allow_private))
      t.fail_at("allow_private", fmt::format("\"{}\": {}", entry, *why));
  read_proxy(t, fetch);
  if (fetch.max_connections_per_host > fetch.max_connections) {
    std::string_view key =
        t.has("max_connections_per_host") ? "max_connections_per_host" : "max_connections";
    t.fail_at(key, fmt::format("max_connections_per_host ({}) is larger than max_connections ({})",
                               fetch.max_connections_per_host, fetch.max_connections));
  }
}

// The URL in the form used to find duplicates: "HTTPS://Example.org/a" and
// "https://example.org/a" are the same source.
std::string comparable_url(std::string_view url) {
  boost::urls::url normalized(url);
  normalized.normalize();
  return std::string(normalized.buffer());
}

void read_rules(const TableReader& t, PageRules& rules) {
  t.allow_only({"item", "title", "link", "date", "summary"});
  auto expression = [&](std::string_view key, std::string& out) {
    if (auto value = t.string(key)) {
      if (value->empty()) t.fail_at(key, "must not be empty (leave the key out instead)");
      if (has_nul(*value)) t.fail_at(key, "must not contain a NUL character");
      // Compiled now so that a bad rule stops loading instead of failing every poll.
      CompiledXPath compiled = compile_xpath(*value);
      if (!compiled.query)
        t.fail_at(key, fmt::format("\"{}\" is not valid XPath: {} (at offset {})", *value,
                                   compiled.error, compiled.offset));
      // The other rules may yield a string or a number; items must be nodes.
      if (key == "item" && compiled.query->return_type() != pugi::xpath_type_node_set)
        t.fail_at(key, fmt::format("\"{}\" must select nodes (it yields a {})", *value,
                                   xpath_type_name(compiled.query->return_type())));
      out = *value;
    }
  };
  expression("item", rules.item);
  expression("title", rules.title);
  expression("link", rules.link);
  expression("date", rules.date);
  expression("summary", rules.summary);
  // The other expressions are relative to an item: without one they mean nothing.
  if (rules.item.empty() &&
      !(rules.title.empty() && rules.link.empty() && rules.date.empty() && rules.summary.empty()))
    t.fail(t.own_line(), t.key_path("item"), "missing (the other rules are relative to it)");
}

SourceConfig read_source(const TableReader& t, SourceKind kind) {
  if (kind == SourceKind::page)
    t.allow_only({"url", "interval", "min_interval", "max_interval", "tags", "title", "rules"});
  else
    t.allow_only(
        {"url", "interval", "min_interval", "max_interval", "tags", "title", "fetch_full"});
  SourceConfig source;
  source.kind = kind;
  source.line = t.own_line();

  auto url = t.string("url");
  if (!url) t.fail_at("url", "missing (every source needs a url)");
  if (auto problem = http_url_problem(*url))
    t.fail_at("url", fmt::format("\"{}\" {}", url_for_log(*url), *problem));
  // "HTTP://Site:80/a" and "http://site/a" are one source: the database
  // keys sources on this form.
  source.url = canonical_http_url(*url);

  if (auto interval = t.duration("interval"))
    source.interval = read_interval(t, "interval", *interval);
  if (auto bound = t.duration("min_interval"))
    source.min_interval = read_interval(t, "min_interval", *bound);
  if (auto bound = t.duration("max_interval"))
    source.max_interval = read_interval(t, "max_interval", *bound);

  source.tags = t.string_list("tags");
  for (const std::string& tag : source.tags)
    // The database keeps tags comma-separated.
    if (tag.empty() || tag.find(',') != std::string::npos)
      t.fail_at("tags", fmt::format("\"{}\": a tag must be non-empty and contain no comma", tag));

  if (auto title = t.string("title")) source.title = *title;
  if (auto fetch_full = t.boolean("fetch_full")) source.fetch_full = *fetch_full;
  if (const toml::table* rules = t.subtable("rules"))
    read_rules(t.nested(*rules, t.key_path("rules")), source.rules);
  return source;
}

// [metrics]: off unless `listen` is given.
void read_metrics(const TableReader& t, MetricsSettings& metrics) {
  t.allow_only({"listen"});
  if (auto listen = t.string("listen")) {
    if (listen->empty()) t.fail_at("listen", "must not be empty (leave it out for no endpoint)");
    std::string why;
    metrics.listen = parse_metrics_listen(*listen, why);
    if (!metrics.listen) t.fail_at("listen", why);
  }
}

struct ListedAt {
  int line;
  std::string key_path;
};

// Reads the [[feed]] or [[page]] array (`key`) into config.sources. `seen`
// spans both arrays: a URL may be listed once in the whole file.
void read_sources(const TableReader& root, std::string_view key, SourceKind kind,
                  std::map<std::string, ListedAt>& seen, Config& config) {
  const toml::node* node = root.get(key);
  if (!node) return;
  const toml::array* array = node->as_array();
  if (array && array->empty()) return;  // `feed = []`: explicitly none
  if (!array || !array->is_array_of_tables())
    root.fail_at(key, fmt::format("expected [[{}]] tables, got {}", key, type_name(*node)));
  int index = 0;
  for (const toml::node& element : *array) {
    ++index;  // 1-based, like the tables a reader counts in the file
    TableReader t = root.nested(*element.as_table(), fmt::format("{}[{}]", key, index));
    SourceConfig source = read_source(t, kind);
    if (source.min_interval.value_or(config.min_interval) >
        source.max_interval.value_or(config.max_interval))
      t.fail_at(source.min_interval ? "min_interval" : "max_interval",
                "min_interval must not be longer than max_interval (here or in [daemon])");
    auto [where, inserted] =
        seen.try_emplace(comparable_url(source.url), ListedAt{t.line("url"), t.key_path("url")});
    if (!inserted)
      t.fail_at("url", fmt::format("{} is already listed at line {} ({})", source.url,
                                   where->second.line, where->second.key_path));
    config.sources.push_back(std::move(source));
  }
}

}  // namespace

Config parse_config(std::string_view text, const std::filesystem::path& name) {
  const std::string file = name.string();
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("{}:{}:{}: {}", file, e.source().begin.line,
                                  e.source().begin.column, e.description()));
  }

  Config config;
  config.file = name;
  config.database = std::filesystem::path(kDefaultDatabase);
  // Resolve against an absolute folder: the daemon may change directory later.
  std::error_code ec;
  std::filesystem::path base = std::filesystem::absolute(name, ec).parent_path();
  if (ec) base = name.parent_path();

  TableReader top(root, "", file);
  top.allow_only({"daemon", "fetch", "feed", "page", "retention", "metrics", "stories"});
  if (const toml::table* daemon = top.subtable("daemon"))
    read_daemon(top.nested(*daemon, "daemon"), base, config);
  if (const toml::table* fetch = top.subtable("fetch"))
    read_fetch(top.nested(*fetch, "fetch"), config.fetch);
  if (const toml::table* retention = top.subtable("retention"))
    read_retention(top.nested(*retention, "retention"), config.retention);
  if (const toml::table* metrics = top.subtable("metrics"))
    read_metrics(top.nested(*metrics, "metrics"), config.metrics);
  if (const toml::table* stories = top.subtable("stories"))
    read_stories(top.nested(*stories, "stories"), config.stories);
  std::map<std::string, ListedAt> seen;
  read_sources(top, "feed", SourceKind::feed, seen, config);
  read_sources(top, "page", SourceKind::page, seen, config);
  return config;
}

Config load_config(const std::filesystem::path& path) {
  // stdio rather than ifstream: it reports why a read failed (errno), and a
  // directory fails on read (EISDIR) instead of looking like an empty file.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
  auto cannot_read = [&] {
    return ConfigError(fmt::format("{}: cannot read: {}", path.string(), std::strerror(errno)));
  };
  if (!in) throw cannot_read();
  std::string text;
  char buffer[16384];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, in.get())) > 0) text.append(buffer, n);
  if (std::ferror(in.get())) throw cannot_read();
  return parse_config(text, path);
}

}  // namespace gazette
