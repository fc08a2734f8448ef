#include "cli/cli.h"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/url/parse.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "base/web_url.h"
#include "cli/backup_command.h"
#include "cli/cli_support.h"
#include "cli/cli_usage.h"
#include "cli/export_command.h"
#include "cli/migrate_command.h"
#include "cli/opml_commands.h"
#include "cli/page_report.h"
#include "cli/parse_command.h"
#include "cli/prune_command.h"
#include "cli/search_command.h"
#include "cli/status_command.h"
#include "cli/stories_command.h"
#include "config/config.h"
#include "config/database_url.h"
#include "config/quantity.h"
#include "daemon/exit_codes.h"
#include "daemon/service.h"
#include "feeds/document_budget.h"
#include "feeds/feed_discovery.h"
#include "feeds/feed_parser.h"
#include "feeds/page_document.h"
#include "feeds/text_controls.h"
#include "feeds/url_normalize.h"
#include "http/fetch_once.h"
#include "poll/log.h"
#include "poll/poll_pass.h"
#include "poll/source_politeness.h"
#include "storage/article_search.h"
#include "storage/database.h"
#include "storage/source_store.h"
#include "storage/store.h"
#include "storage/time_format.h"
#include "version.h"

namespace fs = std::filesystem;

namespace gazette {
namespace {

// Source URLs are stored canonical ("http://h/a", not "HTTP://H:80/a"); a
// database from before keeps its rows under their new names.
void adopt_canonical_urls(Store& store) {
  for (const std::string& duplicate : store.adopt_canonical_urls())
    log(LogLevel::warning, "source {}: listed twice in the database; polling both", duplicate);
}

// The sources a one-off fetch works for: their origins may be on internal
// addresses (http/http_address_policy.h).
std::vector<std::string> source_urls(const Config& config, Store& store) {
  std::vector<std::string> urls;
  for (const SourceConfig& source : config.sources) urls.push_back(source.url);
  for (const SourceRow& row : store.list_sources()) urls.push_back(row.url);
  return urls;
}

// Config sources are written into the database (which is what the scheduler
// reads), so `gazette add` and the config file feed one list.
// One transaction: the list is synced whole or not at all, and 2,000
// sources are one commit instead of 2,000.
void sync_config_sources(const Config& config, Store& store) {
  store.in_transaction([&] {
    adopt_canonical_urls(store);
    for (const SourceConfig& source : config.sources)
      store.upsert_source(source, config.default_interval.count());
  });
}

// `search --limit`: results are ranked and printed whole.
constexpr std::int64_t kMaxSearchLimit = 1'000'000;
// `export --limit`: more articles than any database here holds; a bound that
// reads as a number rather than as 2^63-1.
constexpr std::int64_t kMaxExportLimit = 1'000'000'000;

std::string format_optional_time(const std::optional<UnixTime>& t) {
  return t ? format_utc(*t) : std::string("-");
}

int cmd_run(const GlobalOptions& options) {
  Config config = load_config_for(options);
  auto db = open_store(config, OpenMode::read_write);
  sync_config_sources(config, *db);
  return run_service(config, *db);
}

int cmd_poll(const GlobalOptions& options, const std::string& only_url) {
  Config config = load_config_for(options);
  auto db = open_store(config, OpenMode::read_write);
  sync_config_sources(config, *db);
  Store& store = *db;
  std::vector<SourceRow> sources;
  if (only_url.empty()) {
    sources = store.list_sources();
  } else if (auto row = store.find_source(only_url)) {
    sources.push_back(*row);
  } else if (auto canonical = !http_url_problem(only_url)
                                  ? store.find_source(canonical_http_url(only_url))
                                  : std::nullopt) {
    sources.push_back(*canonical);
  } else {
    throw CommandError{exit_code::failure,
                       fmt::format("no source with URL {} (see `gazette sources`)", only_url)};
  }
  // A source a 410 disabled is not polled (docs/operations.md), named or not.
  std::size_t disabled =
      std::erase_if(sources, [](const SourceRow& s) { return s.disabled_at.has_value(); });
  if (disabled > 0 && !only_url.empty())
    throw CommandError{exit_code::failure,
                       fmt::format("source {} is disabled (see `gazette sources`); `gazette add "
                                   "URL` enables it again",
                                   url_for_log(only_url))};
  if (disabled > 0) fmt::print("{} disabled sources not polled\n", disabled);
  PollPassResult result = run_poll_pass(config, *db, sources);
  fmt::print("polled {} sources: {} failed, {} new articles, {} updated\n", result.sources,
             result.failed, result.added, result.updated);
  if (result.interrupted) return exit_code::interrupted;
  return result.failed > 0 ? exit_code::sources_failed : exit_code::ok;
}

struct AddOptions {
  std::string url;
  std::string title;
  std::vector<std::string> tags;
  std::string interval;
  bool page = false;
  bool no_fetch = false;
};

// What `add` learns by fetching the URL: is it a feed, or a page that
// advertises one? Fetch failures leave the decision to the user's flags.
struct AddTarget {
  SourceKind kind;
  std::string url;
  std::string note;
};

// Why a feed the page advertises may not be added, or nullopt: its URL must
// pass the same check as a typed one, and, since a source's origin is
// trusted once added, it must not lead to an internal address unless the
// typed URL's origin (or another source's) is its own or allow_private
// lets it. Fetched to know: the address is checked on connecting.
std::optional<std::string> advertised_feed_problem(const Config& config, const std::string& url,
                                                   const std::vector<std::string>& trusted) {
  if (auto problem = http_url_problem(url)) return fmt::format("{} {}", url_for_log(url), *problem);
  FetchRequest request;
  request.url = url;
  FetchResponse response = fetch_once(config, request, trusted);
  if (response.error == FetchError::refused) return "refused: " + response.error_message;
  return std::nullopt;
}

AddTarget decide_add_target(const Config& config, const AddOptions& add,
                            const std::vector<std::string>& trusted) {
  AddTarget target{add.page ? SourceKind::page : SourceKind::feed, add.url, ""};
  FetchRequest request;
  request.url = add.url;
  FetchResponse response = fetch_once(config, request, trusted);
  if (!response.ok()) {
    target.note = fmt::format("could not fetch it now ({}); added as a {} anyway",
                              describe(response), add.page ? "page" : "feed");
    return target;
  }
  if (looks_like_feed(response.body)) {
    target.kind = SourceKind::feed;
    if (add.page) target.note = "this URL is a feed, not a page: added as a feed";
    return target;
  }
  PageDocument page = parse_page(response.body, response.content_type, response.final_url);
  std::vector<DiscoveredFeed> feeds = discover_feeds(page.dom, page.base_url);
  if (add.page || feeds.empty()) {
    target.kind = SourceKind::page;
    if (feeds.empty()) target.note = "no feed advertised: added as a page";
    return target;
  }
  std::vector<std::string> unusable;
  for (const DiscoveredFeed& feed : feeds) {
    if (auto problem = advertised_feed_problem(config, feed.url, trusted)) {
      unusable.push_back(*problem);
      continue;
    }
    target.kind = SourceKind::feed;
    target.url = canonical_http_url(feed.url);
    target.note = fmt::format(
        "the page advertises the feed {}{}: added the feed (add the page itself with --page)",
        target.url, feed.title.empty() ? "" : " (" + feed.title + ")");
    for (const std::string& problem : unusable)
      target.note += fmt::format("\nskipped an advertised feed: {}", problem);
    return target;
  }
  target.kind = SourceKind::page;
  target.note = "no usable feed advertised: added as a page";
  for (const std::string& problem : unusable)
    target.note += fmt::format("\nskipped an advertised feed: {}", problem);
  return target;
}

int cmd_add(const GlobalOptions& options, const AddOptions& typed) {
  if (auto problem = http_url_problem(typed.url))
    throw CommandError{exit_code::failure, fmt::format("{} {}", url_for_log(typed.url), *problem)};
  // Stored canonical, as the config's sources are: one source, one row.
  AddOptions add = typed;
  add.url = canonical_http_url(typed.url);
  std::optional<std::chrono::seconds> interval;
  if (!add.interval.empty())  // checked by poll_interval() when parsed
    interval = std::chrono::duration_cast<std::chrono::seconds>(*parse_duration(add.interval));
  Config config = load_config_for(options);
  auto db = open_store(config, OpenMode::read_write);
  Store& store = *db;
  adopt_canonical_urls(store);
  std::vector<std::string> trusted = source_urls(config, store);
  trusted.push_back(add.url);
  AddTarget target = add.no_fetch
                         ? AddTarget{add.page ? SourceKind::page : SourceKind::feed, add.url, ""}
                         : decide_add_target(config, add, trusted);
  SourceConfig source;
  source.kind = target.kind;
  source.url = target.url;
  source.title = add.title;
  source.tags = add.tags;
  source.interval = interval;
  std::optional<SourceRow> existing = store.find_source(source.url);
  bool existed = existing.has_value();
  store.upsert_source(source, config.default_interval.count());
  // Adding a source again is the operator saying "poll it": a 410's
  // disabling ends (docs/operations.md, "Moved, gone and blocked sources").
  // (The upsert may have done it already: a changed entry re-enables.)
  store.enable_source(source.url);
  if (existing && existing->disabled_at)
    fmt::print("re-enabled (disabled since {}: {})\n", format_optional_time(existing->disabled_at),
               escape_for_terminal(existing->disabled_reason));
  if (!target.note.empty()) fmt::print("{}\n", escape_for_terminal(target.note));
  fmt::print("{} {} {}\n", existed ? "updated" : "added",
             source.kind == SourceKind::page ? "page" : "feed", escape_for_terminal(source.url));
  return exit_code::ok;
}

int cmd_extract(const GlobalOptions& options, const std::string& what, bool json,
                const std::string& base_url) {
  std::string body, content_type, url = what;
  auto as_url = boost::urls::parse_uri(what);
  if (as_url && (as_url->scheme_id() == boost::urls::scheme::http ||
                 as_url->scheme_id() == boost::urls::scheme::https)) {
    if (auto problem = http_url_problem(what))
      throw CommandError{exit_code::failure, fmt::format("{} {}", url_for_log(what), *problem)};
    Config config = load_config_for(options);
    FetchRequest request;
    request.url = what;
    request.accept = kAcceptHtml;
    // The page asked for is the operator's choice; where it redirects is not.
    FetchResponse response = fetch_once(config, request, {what});
    if (!response.ok())
      throw CommandError{exit_code::failure,
                         fmt::format("{}: {}", url_for_log(what), describe(response))};
    body = std::move(response.body);
    content_type = response.content_type;
    url = response.final_url;
  } else {
    std::ifstream in(what, std::ios::binary);
    if (!in)
      throw CommandError{exit_code::failure,
                         fmt::format("{}: cannot read: {}", what, std::strerror(errno))};
    std::ostringstream text;
    text << in.rdbuf();
    body = text.str();
    url = base_url.empty() ? "file://" + std::filesystem::absolute(what).string() : base_url;
  }
  // The limits and budget of a polled page (feeds/document_budget.h), so
  // that extract shows what a poll would store, and says what was cut.
  DocumentBudget budget;
  // The text report is fetched text: escaped, its line breaks kept. (JSON
  // escapes C0 controls itself.)
  fmt::print("{}", json ? page_report_json(body, content_type, url, nullptr)
                        : escape_for_terminal(page_report_text(body, content_type, url),
                                              LineBreaks::keep));
  if (std::string warning = budget.warning(); !warning.empty())
    log(LogLevel::warning, "{}: {}", url, warning);
  return exit_code::ok;
}

int cmd_sources(const GlobalOptions& options) {
  Config config = load_config_for(options);
  auto db = open_store(config, OpenMode::read_only);
  std::vector<SourceRow> rows = db->list_sources();
  if (rows.empty()) {
    fmt::print("no sources (add one with `gazette add URL` or in {})\n", config.file.string());
    return exit_code::ok;
  }
  for (const SourceRow& s : rows) {
    std::string status = !s.last_polled ? "never polled"
                         : s.last_error.empty()
                             ? fmt::format("ok (HTTP {})", s.last_status)
                             : fmt::format("error x{}: {}", s.error_count, s.last_error);
    if (s.disabled_at)
      status = fmt::format(
          "disabled since {}: {} (`gazette add` or a changed config entry "
          "enables it)",
          format_utc(*s.disabled_at), s.disabled_reason);
    // Titles and errors come from the network: escaped for the terminal.
    fmt::print("{}\n  kind {}  title {}  every {}s  last {}  next {}\n  {}\n",
               escape_for_terminal(url_for_log(s.url)), to_string(s.kind),
               s.title.empty() ? "-" : escape_for_terminal(s.title), s.interval_seconds,
               format_optional_time(s.last_polled), format_optional_time(s.next_poll),
               escape_for_terminal(status));
    if (s.fetch_url != s.url)
      fmt::print("  moved to {}\n", escape_for_terminal(url_for_log(s.fetch_url)));
    if (!s.redirect_url.empty())
      fmt::print("  redirected permanently to {} on {} poll(s) in a row (moves at {})\n",
                 escape_for_terminal(url_for_log(s.redirect_url)), s.redirect_count,
                 kPermanentRedirectPolls);
    if (!s.last_warning.empty()) fmt::print("  warning {}\n", escape_for_terminal(s.last_warning));
    if (s.effective_interval)  // poll/poll_interval.h: what the last successful poll chose
      fmt::print("  next polls every {} ({})\n",
                 format_duration(std::chrono::seconds(*s.effective_interval)),
                 escape_for_terminal(s.interval_reason));
  }
  return exit_code::ok;
}

int cmd_check_config(const GlobalOptions& options) {
  GlobalOptions strict = options;
  strict.config_given = true;  // check-config needs the file itself
  Config config = load_config_for(strict);
  std::size_t feeds = 0, pages = 0;
  for (const SourceConfig& s : config.sources) (s.kind == SourceKind::page ? pages : feeds)++;
  fmt::print("{}: ok ({} feeds, {} pages, database {})\n", config.file.string(), feeds, pages,
             database_for_log(config.database.string()));
  return exit_code::ok;
}

}  // namespace

// `gazette --help` ends with one example of each command, as typed.
constexpr const char* kHelpExamples = R"(Examples:
  gazette run --config /etc/gazette/gazette.toml
  gazette poll --source https://example.org/feed.xml
  gazette add https://example.org/ --tag news --interval 30m
  gazette extract https://example.org/2026/11/article.html
  gazette parse saved-feed.xml --url https://example.org/feed.xml
  gazette sources
  gazette check-config --config /etc/gazette/gazette.toml
  gazette search '"city council" OR budget' --limit 10
  gazette stories --since 24h --min-sources 3
  gazette import-opml subscriptions.opml
  gazette export-opml --out subscriptions.opml
  gazette status --json
  gazette backup /var/backups/gazette.db
  gazette migrate --to postgresql://gazette@db.example.org/gazette
  gazette prune --dry-run
  gazette export --format hugo --out site/content/news --since 7d

Global options go before or after the command: gazette poll -q --db /tmp/test.db)";

int run_cli(int argc, char** argv) {
  // Named, not argv[0]: messages say `gazette search`, not the path it was run by.
  CLI::App app{"Gazette: a news aggregator daemon that polls feeds and news pages into SQLite",
               "gazette"};
  app.set_version_flag("--version", std::string("gazette ") + GAZETTE_VERSION);
  app.require_subcommand(1);
  app.footer(kHelpExamples);

  GlobalOptions options;
  auto* config_option = app.add_option("-c,--config", options.config_path, "Config file")
                            ->envname("GAZETTE_CONFIG")
                            ->capture_default_str();
  app.add_option("--db", options.db_path,
                 "Database file or postgresql:// URL (overrides the config's database)");
  app.add_flag("-v,--verbose", options.verbose, "Log debug lines too");
  app.add_flag("-q,--quiet", options.quiet, "Log only warnings and errors");
  // The global options are also taken after the command (`gazette poll
  // --config FILE`), as operators type them: a command's unknown option
  // falls through to these. Inherited by the commands created below.
  app.fallthrough();

  auto* run = app.add_subcommand("run", "Run the daemon: poll every source on its interval");
  std::string only_url;
  auto* poll = app.add_subcommand("poll", "Poll every source once, then exit");
  poll->add_option("--source", only_url, "Poll only the source with this URL");
  AddOptions add;
  auto* add_cmd = app.add_subcommand("add", "Add a source to the database");
  add_cmd->add_option("url", add.url, "Feed (or page) URL")->required();
  add_cmd->add_option("--title", add.title, "Title to show instead of the feed's own");
  add_cmd->add_option("--tag", add.tags, "Tag (repeatable)");
  add_cmd->add_option("--interval", add.interval, "Poll interval, e.g. 15m")
      ->check(poll_interval());
  add_cmd->add_flag("--page", add.page,
                    "Add the URL as an HTML page even when it advertises a feed");
  add_cmd->add_flag("--no-fetch", add.no_fetch,
                    "Do not fetch the URL to check it or discover its feed");
  std::string extract_target;
  bool extract_json = false;
  auto* extract = app.add_subcommand("extract", "Show what Gazette extracts from one page");
  extract->add_option("file_or_url", extract_target, "An HTML file or an http(s) URL")->required();
  extract->add_flag("--json", extract_json, "Everything extracted, as JSON");
  std::string extract_base;
  extract->add_option("--base-url", extract_base,
                      "For a file: the URL it was saved from (resolves its links)");
  ParseOptions parse;
  auto* parse_cmd =
      app.add_subcommand("parse", "Show what Gazette would store from one saved feed document");
  parse_cmd->add_option("file", parse.file, "The feed document")->required();
  parse_cmd->add_option("--url", parse.url, "The URL it was fetched from");
  parse_cmd->add_option("--header", parse.headers, "A response header, 'Name: value' (repeatable)");
  parse_cmd->add_option("--format", parse.format, "Output format")
      ->capture_default_str()
      ->check(CLI::IsMember(kParseFormats));
  auto* sources = app.add_subcommand("sources", "List sources with their last status");
  auto* check = app.add_subcommand("check-config", "Validate the config file and exit");
  SearchOptions search;
  auto* search_cmd = app.add_subcommand("search", "Full-text search of the articles, best first");
  search_cmd
      ->add_option("query", search.query, "FTS5 query: words, \"a phrase\", OR, NOT, title:word")
      ->required();
  search_cmd->add_option("--limit", search.limit, "At most this many results")
      ->capture_default_str()
      ->check(whole_number(1, kMaxSearchLimit));
  search_cmd->add_flag("--json", search.json, "Print a JSON array");
  search_cmd->add_flag("--rank-all", search.rank_all,
                       fmt::format("Rank by relevance even when more than {} articles match (slow "
                                   "on a large database)",
                                   kDefaultRankWindow));
  StoriesOptions stories_options;
  auto* stories_cmd =
      app.add_subcommand("stories", "List stories (one event, many outlets), biggest first");
  stories_cmd->add_option(
      "--since", stories_options.since,
      "Only stories with an article published since a date (2026-11-20) or a duration ago (24h)");
  stories_cmd
      ->add_option("--min-sources", stories_options.min_sources,
                   "Only stories told by at least this many sources")
      ->capture_default_str()
      ->check(whole_number(1, 1'000'000));
  stories_cmd->add_option("--limit", stories_options.limit, "At most this many stories")
      ->capture_default_str()
      ->check(whole_number(1, kMaxSearchLimit));
  stories_cmd->add_flag("--json", stories_options.json, "Print a JSON array");
  bool prune_dry_run = false;
  auto* prune_cmd =
      app.add_subcommand("prune", "Apply [retention] now: delete old articles, then tidy the file");
  prune_cmd->add_flag("--dry-run", prune_dry_run, "Only print what would be pruned");
  std::string opml_in, opml_out;
  auto* import_opml = app.add_subcommand("import-opml", "Add the feeds of an OPML file as sources");
  import_opml->add_option("file", opml_in, "OPML file (folders become tags)")->required();
  auto* export_opml = app.add_subcommand("export-opml", "Print the sources as OPML");
  export_opml->add_option("--out", opml_out, "Write to this file instead of standard output");
  bool status_json = false;
  auto* status = app.add_subcommand("status", "One screen on sources, articles and the database");
  status->add_flag("--json", status_json, "Print a JSON object");
  std::string backup_target;
  bool backup_force = false;
  auto* backup = app.add_subcommand("backup", "Copy the database consistently, even while it runs");
  backup->add_option("path", backup_target, "The backup file to write")->required();
  backup->add_flag("--force", backup_force, "Replace a file already at PATH");
  std::string migrate_to;
  auto* migrate_cmd = app.add_subcommand(
      "migrate", "Copy the database into an empty PostgreSQL database, then check the counts");
  migrate_cmd->add_option("--to", migrate_to, "postgresql:// URL of the empty target database")
      ->required();
  ExportOptions export_options;
  auto* export_cmd =
      app.add_subcommand("export", "Export articles for a site generator or a reader");
  export_cmd->add_option("--format", export_options.format, "Output format")
      ->required()
      ->check(CLI::IsMember(kExportFormats));
  export_cmd
      ->add_option("--out", export_options.out,
                   "Folder (hugo) or file to write; - for standard output (not hugo)")
      ->required();
  export_cmd->add_option(
      "--since", export_options.since,
      "Only articles published since a date (2026-11-20) or a duration ago (24h)");
  export_cmd->add_option("--source", export_options.source, "Only articles seen in this source");
  export_cmd->add_option("--tag", export_options.tag,
                         "Only articles seen in a source with this tag");
  export_cmd
      ->add_option("--limit", export_options.limit, "At most this many articles, newest first")
      ->check(whole_number(1, kMaxExportLimit));
  export_cmd->add_option("--title", export_options.title, "Feed title (atom, rss, jsonfeed)")
      ->capture_default_str();
  export_cmd->add_option("--link", export_options.link,
                         "URL of the site the feed is published on (atom, rss, jsonfeed)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return report_usage_error(app, e);
  }
  options.config_given = config_option->count() > 0;
  if (options.verbose) set_log_level(LogLevel::debug);
  if (options.quiet) set_log_level(LogLevel::warning);

  try {
    if (run->parsed()) return cmd_run(options);
    if (poll->parsed()) return cmd_poll(options, only_url);
    if (add_cmd->parsed()) return cmd_add(options, add);
    if (extract->parsed()) return cmd_extract(options, extract_target, extract_json, extract_base);
    if (parse_cmd->parsed()) return cmd_parse(parse);
    if (sources->parsed()) return cmd_sources(options);
    if (check->parsed()) return cmd_check_config(options);
    if (search_cmd->parsed()) return cmd_search(options, search);
    if (stories_cmd->parsed()) return cmd_stories(options, stories_options);
    if (prune_cmd->parsed()) return cmd_prune(options, prune_dry_run);
    if (import_opml->parsed()) return cmd_import_opml(options, opml_in);
    if (export_opml->parsed()) return cmd_export_opml(options, opml_out);
    if (status->parsed()) return cmd_status(options, status_json);
    if (backup->parsed()) return cmd_backup(options, backup_target, backup_force);
    if (migrate_cmd->parsed()) return cmd_migrate(options, migrate_to);
    if (export_cmd->parsed()) {
      if (export_options.format == "hugo" && export_options.out == "-")
        throw CommandError{exit_code::usage,
                           "export --format hugo needs a folder for --out, not -"};
      return cmd_export(options, export_options);
    }
  } catch (const CommandError& e) {
    log(LogLevel::error, "{}", e.what());
    return e.code;
  } catch (const StorageError& e) {
    log(LogLevel::error, "database: {}", e.what());
    return exit_code::database;
  } catch (const SQLite::Exception& e) {
    log(LogLevel::error, "database: {}", e.what());
    return exit_code::database;
  } catch (const std::exception& e) {
    log(LogLevel::error, "{}", e.what());
    return exit_code::failure;
  }
  return exit_code::usage;
}

}  // namespace gazette
