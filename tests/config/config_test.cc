#include "config/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "config/database_url.h"

namespace gazette {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

const fs::path kName = "/etc/gazette/gazette.toml";

// The message parse_config throws for `text` (named kName); fails the test
// when it does not throw.
std::string error_for(const std::string& text) {
  try {
    parse_config(text, kName);
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ConfigError for:\n" << text;
  return {};
}

// Every validation error starts "<file>:<line>: <key path>: ".
void expect_error(const std::string& text, int line, const std::string& key,
                  const std::string& what) {
  std::string message = error_for(text);
  std::string prefix = kName.string() + ":" + std::to_string(line) + ": " + key + ": ";
  EXPECT_EQ(message.rfind(prefix, 0), 0u)
      << "message: " << message << "\nexpected prefix: " << prefix;
  EXPECT_NE(message.find(what), std::string::npos)
      << "message: " << message << "\nexpected to contain: " << what;
}

TEST(ParseConfig, EmptyFileGivesDefaults) {
  Config config = parse_config("", kName);
  FetchSettings defaults;
  EXPECT_EQ(config.file, kName);
  EXPECT_EQ(config.database, fs::path("/var/lib/gazette/gazette.db"));
  EXPECT_EQ(config.default_interval, minutes(30));
  EXPECT_EQ(config.fetch.connect_timeout, milliseconds(10'000));
  EXPECT_EQ(config.fetch.header_timeout, milliseconds(15'000));
  EXPECT_EQ(config.fetch.total_timeout, milliseconds(60'000));
  EXPECT_EQ(config.fetch.max_body_bytes, 16u << 20);
  EXPECT_EQ(config.fetch.max_decoded_bytes, 64u << 20);
  EXPECT_EQ(config.fetch.max_connections, 32);
  EXPECT_EQ(config.fetch.max_connections_per_host, 2);
  EXPECT_EQ(config.fetch.user_agent, "");
  EXPECT_EQ(config.fetch.ca_file, "");
  EXPECT_TRUE(config.sources.empty());
}

TEST(ParseConfig, RetentionIsOffByDefaultAndReadWhenSet) {
  EXPECT_FALSE(parse_config("", kName).retention.enabled());
  Config config = parse_config("[retention]\nmax_age = \"90d\"\nmax_per_source = 500\n", kName);
  ASSERT_TRUE(config.retention.max_age);
  EXPECT_EQ(*config.retention.max_age, std::chrono::hours(24 * 90));
  EXPECT_EQ(config.retention.max_per_source, 500);
  expect_error("[retention]\nmax_age = \"1h\"\n", 2, "retention.max_age", "at least 1d");
  expect_error("[retention]\nmax_age = 30\n", 2, "retention.max_age", "duration string");
  expect_error("[retention]\nmax_per_source = 0\n", 2, "retention.max_per_source", "at least 1");
  expect_error("[retention]\nmax_items = 5\n", 2, "retention.max_items", "");
}

TEST(ParseConfig, StoriesAreOnByDefaultAndReadWhenSet) {
  Config defaults = parse_config("", kName);
  EXPECT_TRUE(defaults.stories.enabled);
  EXPECT_EQ(defaults.stories.params.window, 3 * 86400);
  EXPECT_EQ(defaults.stories.params.decay, 12 * 3600);
  EXPECT_DOUBLE_EQ(defaults.stories.params.threshold, 0.10);
  Config config = parse_config(
      "[stories]\nenabled = false\nwindow = \"2d\"\ndecay = \"6h\"\nthreshold = 0.2\n", kName);
  EXPECT_FALSE(config.stories.enabled);
  EXPECT_EQ(config.stories.params.window, 2 * 86400);
  EXPECT_EQ(config.stories.params.decay, 6 * 3600);
  EXPECT_DOUBLE_EQ(config.stories.params.threshold, 0.2);
  EXPECT_DOUBLE_EQ(parse_config("[stories]\nthreshold = 1\n", kName).stories.params.threshold, 1.0);
  expect_error("[stories]\nwindow = \"30m\"\n", 2, "stories.window", "at least 1h");
  expect_error("[stories]\nwindow = \"31d\"\n", 2, "stories.window", "at most 30d");
  expect_error("[stories]\ndecay = \"10s\"\n", 2, "stories.decay", "at least 1m");
  expect_error("[stories]\nthreshold = 0.0\n", 2, "stories.threshold", "above 0");
  expect_error("[stories]\nthreshold = 1.5\n", 2, "stories.threshold", "at most 1");
  expect_error("[stories]\nthreshold = nan\n", 2, "stories.threshold", "above 0");
  expect_error("[stories]\nthreshold = \"high\"\n", 2, "stories.threshold", "expected a number");
  expect_error("[stories]\nenabled = 1\n", 2, "stories.enabled", "true or false");
  expect_error("[stories]\nmethod = \"lda\"\n", 2, "stories.method", "");
}

TEST(ParseConfig, EmptySourceArraysAreAllowed) {
  EXPECT_TRUE(parse_config("feed = []\npage = []\n", kName).sources.empty());
  expect_error("feed = [1]\n", 1, "feed", "expected [[feed]] tables, got array");
}

TEST(ParseConfig, SourceDefaults) {
  Config config = parse_config("[[feed]]\nurl = \"https://example.org/rss\"\n", kName);
  ASSERT_EQ(config.sources.size(), 1u);
  const SourceConfig& s = config.sources[0];
  EXPECT_EQ(s.kind, SourceKind::feed);
  EXPECT_EQ(s.url, "https://example.org/rss");
  EXPECT_FALSE(s.interval.has_value());
  EXPECT_TRUE(s.tags.empty());
  EXPECT_EQ(s.title, "");
  EXPECT_FALSE(s.fetch_full);
  EXPECT_TRUE(s.rules.empty());
  EXPECT_EQ(s.line, 1);
}

TEST(LoadConfig, ReadsEveryKey) {
  fs::path file = fs::path(GAZETTE_TEST_DIR) / "fixtures/config/full.toml";
  Config config = load_config(file);
  fs::path folder = fs::absolute(file).parent_path();
  EXPECT_EQ(config.database, (folder / "data/test.db").lexically_normal());
  EXPECT_EQ(config.default_interval, minutes(45));
  EXPECT_EQ(config.fetch.user_agent, "GazetteTest/1.0 (+https://example.org/bot)");
  EXPECT_EQ(config.fetch.ca_file, (folder / "certs/ca.pem").lexically_normal().string());
  EXPECT_EQ(config.fetch.connect_timeout, milliseconds(2'000));
  EXPECT_EQ(config.fetch.header_timeout, milliseconds(3'500));
  EXPECT_EQ(config.fetch.total_timeout, milliseconds(60'000));
  EXPECT_EQ(config.fetch.max_body_bytes, 8u << 20);
  EXPECT_EQ(config.fetch.max_decoded_bytes, 1'000'000u);
  EXPECT_EQ(config.fetch.max_connections, 8);
  EXPECT_EQ(config.fetch.max_connections_per_host, 1);

  ASSERT_EQ(config.sources.size(), 3u);
  const SourceConfig& feed = config.sources[0];
  EXPECT_EQ(feed.kind, SourceKind::feed);
  EXPECT_EQ(feed.url, "https://example.org/feed.xml");
  EXPECT_EQ(feed.interval, seconds(90 * 60));
  EXPECT_EQ(feed.tags, (std::vector<std::string>{"world", "tech"}));
  EXPECT_EQ(feed.title, "Example");
  EXPECT_TRUE(feed.fetch_full);
  EXPECT_EQ(feed.line, 17);

  EXPECT_EQ(config.sources[1].url, "http://example.net/atom");
  EXPECT_EQ(config.sources[1].line, 24);

  const SourceConfig& page = config.sources[2];
  EXPECT_EQ(page.kind, SourceKind::page);
  EXPECT_EQ(page.url, "https://news.example.com/");
  EXPECT_EQ(page.interval, seconds(2 * 3600));
  EXPECT_EQ(page.tags, std::vector<std::string>{"local"});
  EXPECT_EQ(page.line, 27);
  EXPECT_EQ(page.rules.item, "//article");
  EXPECT_EQ(page.rules.title, ".//h2");
  EXPECT_EQ(page.rules.link, ".//h2/a/@href");
  EXPECT_EQ(page.rules.date, ".//time/@datetime");
  EXPECT_EQ(page.rules.summary, ".//p[1]");
}

TEST(LoadConfig, ExampleConfigParses) {
  fs::path file = fs::path(GAZETTE_SOURCE_DIR) / "config/gazette.example.toml";
  Config config = load_config(file);
  // `make run` keeps its database in the repository's git-ignored var/.
  EXPECT_EQ(config.database,
            (fs::absolute(GAZETTE_SOURCE_DIR) / "var/gazette.db").lexically_normal());
  int feeds = 0, pages = 0;
  for (const SourceConfig& s : config.sources) {
    (s.kind == SourceKind::feed ? feeds : pages)++;
    EXPECT_EQ(s.url.rfind("https://", 0), 0u) << s.url;
  }
  EXPECT_GE(feeds, 5);
  EXPECT_GE(pages, 1);
}

// docs/config.md ends with an example; it must stay valid.
TEST(LoadConfig, DocumentationExampleParses) {
  std::ifstream in(fs::path(GAZETTE_SOURCE_DIR) / "docs/config.md");
  ASSERT_TRUE(in);
  std::stringstream doc;
  doc << in.rdbuf();
  std::string text = doc.str();
  std::size_t start = text.find("```toml\n");
  ASSERT_NE(start, std::string::npos);
  start += 8;
  std::size_t end = text.find("```", start);
  ASSERT_NE(end, std::string::npos);
  Config config = parse_config(text.substr(start, end - start), kName);
  EXPECT_EQ(config.database, fs::path("/etc/gazette/var/gazette.db"));
  EXPECT_EQ(config.sources.size(), 3u);
  EXPECT_EQ(config.sources[2].rules.item, "//li");
}

TEST(LoadConfig, MissingFile) {
  fs::path file = fs::path(GAZETTE_TEST_DIR) / "fixtures/config/no-such-file.toml";
  try {
    load_config(file);
    FAIL() << "no ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), file.string() + ": cannot read: No such file or directory");
  }
}

TEST(LoadConfig, DirectoryIsNotAnEmptyConfig) {
  fs::path folder = fs::path(GAZETTE_TEST_DIR) / "fixtures/config";
  try {
    load_config(folder);
    FAIL() << "no ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), folder.string() + ": cannot read: Is a directory");
  }
}

TEST(ParseConfig, RelativePathsResolveAgainstTheConfigFolder) {
  Config config =
      parse_config("[daemon]\ndatabase = \"var/gazette.db\"\nca_file = \"ca.pem\"\n", kName);
  EXPECT_EQ(config.database, fs::path("/etc/gazette/var/gazette.db"));
  EXPECT_EQ(config.fetch.ca_file, "/etc/gazette/ca.pem");

  config = parse_config("[daemon]\ndatabase = \"../var/gazette.db\"\n", kName);
  EXPECT_EQ(config.database, fs::path("/etc/var/gazette.db"));

  config = parse_config("[daemon]\ndatabase = \"/srv/g.db\"\nca_file = \"\"\n", kName);
  EXPECT_EQ(config.database, fs::path("/srv/g.db"));
  EXPECT_EQ(config.fetch.ca_file, "");

  // A config named without a folder is in the current directory.
  config = parse_config("[daemon]\ndatabase = \"g.db\"\n", "gazette.toml");
  EXPECT_EQ(config.database, fs::current_path() / "g.db");
}

// A PostgreSQL URL is a server, not a path: never made relative to the
// config's folder (issue 16), under either key.
TEST(ParseConfig, DatabaseUrlIsKeptAsWritten) {
  Config config = parse_config("[daemon]\ndatabase = \"postgresql://gz@db.example/news\"\n", kName);
  EXPECT_EQ(config.database.string(), "postgresql://gz@db.example/news");
  config = parse_config("[daemon]\ndatabase = \"postgres:///news?host=/run/pg\"\n", kName);
  EXPECT_EQ(config.database.string(), "postgres:///news?host=/run/pg");
  config = parse_config("[daemon]\ndatabase_url = \"postgresql://localhost/news\"\n", kName);
  EXPECT_EQ(config.database.string(), "postgresql://localhost/news");
  // Any other scheme-looking text is still a (relative) path.
  config = parse_config("[daemon]\ndatabase = \"mysql://x/y\"\n", kName);
  EXPECT_EQ(config.database, fs::path("/etc/gazette/mysql:/x/y"));
}

TEST(ParseConfig, DatabaseUrlMustBePostgresqlAndAlone) {
  expect_error("[daemon]\ndatabase_url = \"/var/lib/g.db\"\n", 2, "daemon.database_url",
               "must be a postgresql:// (or postgres://) URL");
  expect_error("[daemon]\ndatabase = \"g.db\"\ndatabase_url = \"postgresql://localhost/news\"\n", 3,
               "daemon.database_url", "give either database or database_url, not both");
}

TEST(DatabaseForLog, HidesPasswordsOfUrlsOnly) {
  EXPECT_EQ(database_for_log("/var/lib/gazette/gazette.db"), "/var/lib/gazette/gazette.db");
  EXPECT_EQ(database_for_log("postgresql://gz:s3cret@db.example:5432/news"),
            "postgresql://gz:***@db.example:5432/news");
  EXPECT_EQ(database_for_log("postgresql://gz@db.example/news"), "postgresql://gz@db.example/news");
  EXPECT_EQ(database_for_log("postgres://db.example/news?user=gz&password=s3cret&sslmode=require"),
            "postgres://db.example/news?user=gz&password=***&sslmode=require");
  EXPECT_EQ(database_for_log("postgresql://a:b@h/d?password=c"),
            "postgresql://a:***@h/d?password=***");
  EXPECT_EQ(database_for_log("postgresql:///news"), "postgresql:///news");
}

// The user part ends at the last '@' before the query (a raw '@' or '/' in a
// password is hidden too); a percent-escaped parameter name is read as libpq
// reads it.
TEST(DatabaseForLog, HidesPasswordsThatLibpqWouldRead) {
  EXPECT_EQ(database_for_log("postgres://u:p@ss@h/db?sslmode=require"),
            "postgres://u:***@h/db?sslmode=require");
  EXPECT_EQ(database_for_log("postgresql:///db?host=/run/pg&password=s3cret&user=g"),
            "postgresql:///db?host=/run/pg&password=***&user=g");
  EXPECT_EQ(database_for_log("postgresql://h/db?pass%77ord=s3cret&sslmode=disable"),
            "postgresql://h/db?pass%77ord=***&sslmode=disable");
  EXPECT_EQ(database_for_log("postgresql://u:pa/ss@h/db"), "postgresql://u:***@h/db");
  EXPECT_EQ(database_for_log("postgresql://u:p@h/db#x"), "postgresql://u:***@h/db#x");
  EXPECT_EQ(database_for_log("postgresql://h"), "postgresql://h");
  EXPECT_EQ(database_for_log("postgresql://h/db?sslmode"), "postgresql://h/db?sslmode");
}

// A TOML syntax error is "<file>:<line>:<column>: <toml++ description>".
TEST(ParseConfig, SyntaxErrorHasLineAndColumn) {
  EXPECT_EQ(error_for("[daemon]\ndefault_interval = \"30m\n"),
            kName.string() +
                ":2:24: Error while parsing string: unescaped control characters other than TAB "
                "(U+0009) are explicitly prohibited");
  std::string message = error_for("[fetch]\nmax_connections = 4\nmax_connections = 5\n");
  EXPECT_EQ(message.rfind(kName.string() + ":3:", 0), 0u) << message;
  EXPECT_NE(message.find("max_connections"), std::string::npos) << message;
}

TEST(ParseConfig, AdaptiveIntervalBounds) {
  Config defaults = parse_config("", kName);
  EXPECT_EQ(defaults.min_interval, std::chrono::minutes(10));
  EXPECT_EQ(defaults.max_interval, std::chrono::hours(24));
  Config config = parse_config(
      "[daemon]\nmin_interval = \"5m\"\nmax_interval = \"2d\"\n"
      "[[feed]]\nurl = \"https://a.example/feed\"\nmin_interval = \"1h\"\n"
      "max_interval = \"3h\"\n[[page]]\nurl = \"https://b.example/\"\n",
      kName);
  EXPECT_EQ(config.min_interval, std::chrono::minutes(5));
  EXPECT_EQ(config.max_interval, std::chrono::hours(48));
  EXPECT_EQ(config.sources[0].min_interval, std::chrono::hours(1));
  EXPECT_EQ(config.sources[0].max_interval, std::chrono::hours(3));
  EXPECT_FALSE(config.sources[1].min_interval);
  expect_error("[daemon]\nmin_interval = \"30s\"\n", 2, "daemon.min_interval",
               "must be at least 1m");
  expect_error("[daemon]\nmax_interval = \"400d\"\n", 2, "daemon.max_interval",
               "must be at most 365d");
  expect_error("[daemon]\nmin_interval = \"2h\"\nmax_interval = \"1h\"\n", 2, "daemon.min_interval",
               "must not be longer than max_interval");
  // A source's bound against the other, its own or [daemon]'s.
  expect_error("[[feed]]\nurl = \"https://a.example/\"\nmin_interval = \"2d\"\n", 3,
               "feed[1].min_interval", "must not be longer than max_interval");
  expect_error("[[page]]\nurl = \"https://a.example/\"\nmax_interval = \"1m\"\n", 3,
               "page[1].max_interval", "must not be longer than max_interval");
}

TEST(ParseConfig, PollLease) {
  EXPECT_EQ(parse_config("", kName).poll_lease, std::chrono::minutes(15));
  EXPECT_EQ(parse_config("[daemon]\nlease = \"90s\"\n", kName).poll_lease,
            std::chrono::seconds(90));
  expect_error("[daemon]\nlease = \"5s\"\n", 2, "daemon.lease", "must be at least 10s");
  expect_error("[daemon]\nlease = \"2d\"\n", 2, "daemon.lease", "must be at most 1d");
}

TEST(ParseConfig, UnknownKeys) {
  expect_error("\n\ncolour = \"blue\"\n", 3, "colour", "unknown key");
  expect_error(
      "[daemon]\ndatabse = \"x.db\"\n", 2, "daemon.databse",
      "unknown key (expected one of: database, database_url, default_interval, min_interval, "
      "max_interval, user_agent, ca_file, lease)");
  expect_error("[fetch]\ntimeout = \"5s\"\n", 2, "fetch.timeout", "unknown key");
  expect_error(
      "[[feed]]\nurl = \"https://a.org/\"\n[[feed]]\nurl = \"https://b.org/\"\nlink = \"x\"\n", 5,
      "feed[2].link", "unknown key");
  // Rules belong to pages; fetch_full to feeds.
  expect_error("[[feed]]\nurl = \"https://a.org/\"\n[feed.rules]\nitem = \"//li\"\n", 3,
               "feed[1].rules", "unknown key");
  expect_error("[[page]]\nurl = \"https://a.org/\"\nfetch_full = true\n", 3, "page[1].fetch_full",
               "unknown key");
  expect_error(
      "[[page]]\nurl = \"https://a.org/\"\n[page.rules]\nitem = \"//li\"\nheadline = \"h2\"\n", 5,
      "page[1].rules.headline", "unknown key");
}

TEST(ParseConfig, WrongTypes) {
  expect_error("daemon = 3\n", 1, "daemon", "expected a table, got integer");
  expect_error("[fetch]\nmax_connections = \"32\"\n", 2, "fetch.max_connections",
               "expected an integer, got string");
  expect_error("[daemon]\ndefault_interval = 30\n", 2, "daemon.default_interval",
               "expected a duration string such as \"15m\", got integer");
  expect_error("[fetch]\nmax_body_size = 1.5\n", 2, "fetch.max_body_size",
               "expected a size such as \"16MiB\" or bytes, got floating-point");
  expect_error("[daemon]\nuser_agent = false\n", 2, "daemon.user_agent",
               "expected a string, got boolean");
  expect_error("[[feed]]\nurl = 5\n", 2, "feed[1].url", "expected a string, got integer");
  expect_error("[[feed]]\nurl = \"https://a.org/\"\ntags = \"news\"\n", 3, "feed[1].tags",
               "expected an array of strings, got string");
  expect_error("[[feed]]\nurl = \"https://a.org/\"\ntags = [\n  \"a\",\n  7,\n]\n", 5,
               "feed[1].tags", "expected an array of strings, found integer");
  expect_error("[[feed]]\nurl = \"https://a.org/\"\nfetch_full = \"yes\"\n", 3,
               "feed[1].fetch_full", "expected true or false, got string");
  expect_error("\nfeed = \"https://a.org/\"\n", 2, "feed", "expected [[feed]] tables, got string");
  expect_error("[feed]\nurl = \"https://a.org/\"\n", 1, "feed",
               "expected [[feed]] tables, got table");
  expect_error("[[page]]\nurl = \"https://a.org/\"\nrules = \"//li\"\n", 3, "page[1].rules",
               "expected a table, got string");
}

TEST(ParseConfig, MissingUrlPointsAtTheTable) {
  expect_error("[daemon]\n\n[[feed]]\nurl = \"https://a.org/\"\n\n[[feed]]\ntitle = \"No URL\"\n",
               6, "feed[2].url", "missing (every source needs a url)");
}

TEST(ParseConfig, UrlsMustBeAbsoluteHttp) {
  for (const char* url :
       {"example.org/feed", "/feed.xml", "ftp://example.org/feed", "file:///etc/passwd", "http://",
        "https:///path", "https://exa mple.org/", "javascript:alert(1)", ""}) {
    expect_error(std::string("[[page]]\nurl = \"") + url + "\"\n", 2, "page[1].url",
                 std::string("\"") + url + "\" is not an absolute http(s) URL");
  }
  // Scheme case does not matter (RFC 3986).
  EXPECT_NO_THROW(parse_config("[[feed]]\nurl = \"HTTPS://example.org/feed\"\n", kName));
}

TEST(ParseConfig, BadDurationsAndSizes) {
  expect_error(
      "[daemon]\n\n[[feed]]\nurl = \"https://a.org/\"\n[[feed]]\nurl = \"https://b.org/\"\n"
      "interval = \"15x\"\n",
      7, "feed[2].interval", "\"15x\" is not a duration (use e.g. 90s, 15m, 1h)");
  expect_error("[fetch]\nconnect_timeout = \"-5s\"\n", 2, "fetch.connect_timeout",
               "\"-5s\" is not a duration");
  expect_error("[fetch]\ntotal_timeout = \"\"\n", 2, "fetch.total_timeout",
               "\"\" is not a duration");
  expect_error("[fetch]\nmax_body_size = \"16MB/s\"\n", 2, "fetch.max_body_size",
               "\"16MB/s\" is not a size (use e.g. 512KiB, 16MiB, 1GB)");
  // Well formed but past 64 bits: refused by the key's bound, which it names.
  expect_error("[fetch]\nmax_decoded_size = \"99999999999GiB\"\n", 2, "fetch.max_decoded_size",
               "must be at most 1GiB");
  expect_error("[fetch]\nmax_decoded_size = -1\n", 2, "fetch.max_decoded_size", "-1 is not a size");
}

TEST(ParseConfig, LimitsMustBePositive) {
  expect_error("[fetch]\nmax_connections = 0\n", 2, "fetch.max_connections",
               "must be at least 1, got 0");
  expect_error("[fetch]\nmax_connections_per_host = -2\n", 2, "fetch.max_connections_per_host",
               "must be at least 1, got -2");
  expect_error("[fetch]\nmax_connections = 20000\n", 2, "fetch.max_connections",
               "must be at most 10000");
  expect_error("[fetch]\nheader_timeout = \"0s\"\n", 2, "fetch.header_timeout",
               "must be greater than zero");
  expect_error("[fetch]\nmax_body_size = \"0KiB\"\n", 2, "fetch.max_body_size",
               "must be greater than zero");
  expect_error("[fetch]\nmax_connections = 4\nmax_connections_per_host = 8\n", 3,
               "fetch.max_connections_per_host",
               "max_connections_per_host (8) is larger than max_connections (4)");
  expect_error("[fetch]\nmax_connections = 1\n", 2, "fetch.max_connections",
               "max_connections_per_host (2) is larger than max_connections (1)");
}

TEST(ParseConfig, IntervalsOfAtLeastAMinute) {
  expect_error("[daemon]\ndefault_interval = \"59s\"\n", 2, "daemon.default_interval",
               "must be at least 1m");
  expect_error("[[feed]]\nurl = \"https://a.org/\"\ninterval = \"30s\"\n", 3, "feed[1].interval",
               "must be at least 1m");
  Config config = parse_config(
      "[daemon]\ndefault_interval = \"1m\"\n[[feed]]\nurl = \"https://a.org/\"\n"
      "interval = \"60s\"\n",
      kName);
  EXPECT_EQ(config.default_interval, seconds(60));
  EXPECT_EQ(config.sources[0].interval, seconds(60));
}

TEST(ParseConfig, DuplicateUrls) {
  expect_error(
      "[[feed]]\nurl = \"https://example.org/feed\"\n\n[[page]]\nurl = "
      "\"https://example.org/feed\"\n",
      5, "page[1].url", "https://example.org/feed is already listed at line 2 (feed[1].url)");
  // Scheme and host case do not make a different source.
  expect_error(
      "[[feed]]\nurl = \"https://example.org/feed\"\n[[feed]]\nurl = "
      "\"HTTPS://Example.ORG/feed\"\n",
      4, "feed[2].url", "already listed at line 2");
  // Paths are case-sensitive: these are two sources.
  EXPECT_EQ(parse_config("[[feed]]\nurl = \"https://example.org/Feed\"\n"
                         "[[feed]]\nurl = \"https://example.org/feed\"\n",
                         kName)
                .sources.size(),
            2u);
}

TEST(ParseConfig, OtherValueChecks) {
  expect_error("[daemon]\ndatabase = \"\"\n", 2, "daemon.database", "must not be empty");
  expect_error("[daemon]\nuser_agent = \"Gazette\\r\\nX-Evil: 1\"\n", 2, "daemon.user_agent",
               "must not contain control characters");
  expect_error("[[feed]]\nurl = \"https://a.org/\"\ntags = [\"a,b\"]\n", 3, "feed[1].tags",
               "\"a,b\": a tag must be non-empty and contain no comma");
  expect_error("[[feed]]\nurl = \"https://a.org/\"\ntags = [\"\"]\n", 3, "feed[1].tags",
               "a tag must be non-empty");
}

TEST(ParseConfig, PageRules) {
  Config config = parse_config(
      "[[page]]\nurl = \"https://a.org/\"\nrules = { item = \"//li\", link = \"a/@href\" }\n",
      kName);
  ASSERT_EQ(config.sources.size(), 1u);
  EXPECT_EQ(config.sources[0].rules.item, "//li");
  EXPECT_EQ(config.sources[0].rules.link, "a/@href");
  EXPECT_EQ(config.sources[0].rules.title, "");

  expect_error("[[page]]\nurl = \"https://a.org/\"\n[page.rules]\nitem = \"//li\"\ntitle = \"\"\n",
               5, "page[1].rules.title", "must not be empty");
  expect_error("[[page]]\nurl = \"https://a.org/\"\n[page.rules]\nitem = 3\n", 4,
               "page[1].rules.item", "expected a string, got integer");
  expect_error("[[page]]\nurl = \"https://a.org/\"\n[page.rules]\nsummary = \"p\"\n", 3,
               "page[1].rules.item", "missing (the other rules are relative to it)");
}

TEST(ParseConfig, PageRulesMustCompileAsXPath) {
  // A rule pugixml cannot compile would fail every poll: it stops loading,
  // with pugixml's description and where in the expression it is.
  expect_error("[[page]]\nurl = \"https://a.org/\"\n[page.rules]\nitem = \"//li[\"\n", 4,
               "page[1].rules.item", "\"//li[\" is not valid XPath: ");
  EXPECT_NE(error_for("[[page]]\nurl = \"https://a.org/\"\n[page.rules]\nitem = \"//li[\"\n")
                .find("(at offset 5)"),
            std::string::npos);
  expect_error(
      "[[feed]]\nurl = \"https://b.org/\"\n[[page]]\nurl = \"https://a.org/\"\n"
      "rules = { item = \"//li\", link = \"a/@@href\" }\n",
      5, "page[1].rules.link", "\"a/@@href\" is not valid XPath");
  // Each rule is checked, not only item.
  for (std::string key : {"title", "link", "date", "summary"})
    expect_error("[[page]]\nurl = \"https://a.org/\"\n[page.rules]\nitem = \"//li\"\n" + key +
                     " = \"h2)\"\n",
                 5, "page[1].rules." + key, "is not valid XPath");
  // Unknown functions and variables (no variable set is ever given).
  expect_error("[[page]]\nurl = \"https://a.org/\"\n[page.rules]\nitem = \"//li[frob()]\"\n", 4,
               "page[1].rules.item", "is not valid XPath");
  expect_error("[[page]]\nurl = \"https://a.org/\"\n[page.rules]\nitem = \"//li[$x]\"\n", 4,
               "page[1].rules.item", "is not valid XPath");
  // pugixml would stop reading at a NUL and compile only "//li".
  expect_error("[[page]]\nurl = \"https://a.org/\"\n[page.rules]\nitem = \"//li\\u0000[\"\n", 4,
               "page[1].rules.item", "must not contain a NUL character");
  // item must select nodes; the others may yield strings or numbers.
  expect_error("[[page]]\nurl = \"https://a.org/\"\n[page.rules]\nitem = \"count(//li)\"\n", 4,
               "page[1].rules.item", "\"count(//li)\" must select nodes (it yields a number)");
  expect_error("[[page]]\nurl = \"https://a.org/\"\n[page.rules]\nitem = \"'//li'\"\n", 4,
               "page[1].rules.item", "must select nodes (it yields a string)");
  // Valid rules that may select nothing on the page are fine.
  Config config = parse_config(
      "[[page]]\nurl = \"https://a.org/\"\n[page.rules]\nitem = \"//no-such-element\"\n"
      "title = \"normalize-space(h2)\"\nlink = \"a/@href\"\ndate = \"time/@datetime\"\n"
      "summary = \"p[1]\"\n",
      kName);
  EXPECT_EQ(config.sources[0].rules.title, "normalize-space(h2)");
}

TEST(ParseConfig, IntervalsOfAtMostAYear) {
  // "3000000d" put next_poll in a five-digit year, which the database could
  // not read back, so the source was due at every start.
  expect_error("[[feed]]\nurl = \"https://a.org/\"\ninterval = \"3000000d\"\n", 3,
               "feed[1].interval", "must be at most 365d");
  expect_error("[daemon]\ndefault_interval = \"365d1ms\"\n", 2, "daemon.default_interval",
               "must be at most 365d");
  expect_error("[[page]]\nurl = \"https://a.org/\"\ninterval = \"366d\"\n", 3, "page[1].interval",
               "must be at most 365d");
  Config config = parse_config(
      "[daemon]\ndefault_interval = \"365d\"\n[[feed]]\nurl = \"https://a.org/\"\n"
      "interval = \"8760h\"\n",
      kName);
  EXPECT_EQ(config.default_interval, std::chrono::days(365));
  EXPECT_EQ(config.sources[0].interval, std::chrono::days(365));
}

TEST(ParseConfig, FetchDurationsOfAtMostAnHour) {
  // Deadlines are steady_clock::now() + timeout in nanoseconds: a duration of
  // thousands of years would overflow them.
  for (std::string key : {"connect_timeout", "header_timeout", "total_timeout", "min_host_delay"}) {
    expect_error("[fetch]\n" + key + " = \"1h1ms\"\n", 2, "fetch." + key, "must be at most 1h");
    expect_error("[fetch]\n" + key + " = \"99999999d\"\n", 2, "fetch." + key, "must be at most 1h");
  }
  Config config = parse_config(
      "[fetch]\nconnect_timeout = \"1h\"\nheader_timeout = \"60m\"\ntotal_timeout = \"3600s\"\n"
      "min_host_delay = \"1h\"\n",
      kName);
  EXPECT_EQ(config.fetch.connect_timeout, std::chrono::hours(1));
  EXPECT_EQ(config.fetch.header_timeout, std::chrono::hours(1));
  EXPECT_EQ(config.fetch.total_timeout, std::chrono::hours(1));
  EXPECT_EQ(config.fetch.min_host_delay, std::chrono::hours(1));
}

TEST(ParseConfig, SizesOfAtMostAGibibyte) {
  for (std::string key : {"max_body_size", "max_decoded_size"}) {
    expect_error("[fetch]\n" + key + " = \"2GiB\"\n", 2, "fetch." + key, "must be at most 1GiB");
    expect_error("[fetch]\n" + key + " = 1073741825\n", 2, "fetch." + key, "must be at most 1GiB");
    expect_error("[fetch]\n" + key + " = \"16777215TiB\"\n", 2, "fetch." + key,
                 "must be at most 1GiB");
    expect_error("[fetch]\n" + key + " = 9223372036854775807\n", 2, "fetch." + key,
                 "must be at most 1GiB");
  }
  Config config =
      parse_config("[fetch]\nmax_body_size = \"1GiB\"\nmax_decoded_size = 1073741824\n", kName);
  EXPECT_EQ(config.fetch.max_body_bytes, 1ull << 30);
  EXPECT_EQ(config.fetch.max_decoded_bytes, 1ull << 30);
}

TEST(ParseConfig, IntegersPastSixtyFourBitsAreSyntaxErrors) {
  // toml++ refuses them while parsing: file:line:column, never a wrapped value.
  std::string message = error_for("[fetch]\nmax_connections = 99999999999999999999\n");
  EXPECT_EQ(message.rfind(kName.string() + ":2:", 0), 0u) << message;
  message = error_for("[fetch]\nmax_follow = -99999999999999999999\n");
  EXPECT_EQ(message.rfind(kName.string() + ":2:", 0), 0u) << message;
  expect_error("[fetch]\nmax_follow = 9223372036854775807\n", 2, "fetch.max_follow",
               "must be between 0 and 1000, got 9223372036854775807");
  expect_error("[fetch]\nmax_connections = -9223372036854775808\n", 2, "fetch.max_connections",
               "must be at least 1");
}

TEST(ParseConfig, MaxStoryPagesFromOneToFifty) {
  EXPECT_EQ(parse_config("[fetch]\nmax_story_pages = 12\n", kName).fetch.max_story_pages, 12);
  EXPECT_EQ(parse_config("", kName).fetch.max_story_pages, 5);
  expect_error("[fetch]\nmax_story_pages = 0\n", 2, "fetch.max_story_pages",
               "must be between 1 and 50, got 0");
  expect_error("[fetch]\nmax_story_pages = 51\n", 2, "fetch.max_story_pages",
               "must be between 1 and 50, got 51");
}

TEST(ParseConfig, PathsWithNulAreRefused) {
  // Opening would cut the path at the NUL: another file than the one named.
  expect_error("[daemon]\ndatabase = \"var/g.db\\u0000.bak\"\n", 2, "daemon.database",
               "must not contain a NUL character");
  expect_error("[daemon]\nca_file = \"ca.pem\\u0000x\"\n", 2, "daemon.ca_file",
               "must not contain a NUL character");
}

// [metrics] listen (config/metrics_listen.h): off by default; loopback
// addresses and absolute Unix socket paths only.
TEST(ParseConfig, MetricsEndpointIsOffByDefault) {
  EXPECT_FALSE(parse_config("", kName).metrics.listen);
}

TEST(ParseConfig, MetricsListenAcceptsLoopbackAndUnixSockets) {
  Config v4 = parse_config("[metrics]\nlisten = \"127.0.0.1:9464\"\n", kName);
  ASSERT_TRUE(v4.metrics.listen);
  EXPECT_EQ(v4.metrics.listen->kind, MetricsListen::Kind::tcp);
  EXPECT_EQ(v4.metrics.listen->address, "127.0.0.1");
  EXPECT_EQ(v4.metrics.listen->port, 9464);
  EXPECT_EQ(v4.metrics.listen->text(), "127.0.0.1:9464");

  Config other_loopback = parse_config("[metrics]\nlisten = \"127.10.0.2:1\"\n", kName);
  ASSERT_TRUE(other_loopback.metrics.listen);
  EXPECT_EQ(other_loopback.metrics.listen->port, 1);

  Config v6 = parse_config("[metrics]\nlisten = \"[::1]:65535\"\n", kName);
  ASSERT_TRUE(v6.metrics.listen);
  EXPECT_EQ(v6.metrics.listen->address, "::1");
  EXPECT_EQ(v6.metrics.listen->port, 65535);
  EXPECT_EQ(v6.metrics.listen->text(), "[::1]:65535");

  Config unix_socket =
      parse_config("[metrics]\nlisten = \"unix:/run/gazette/metrics.sock\"\n", kName);
  ASSERT_TRUE(unix_socket.metrics.listen);
  EXPECT_EQ(unix_socket.metrics.listen->kind, MetricsListen::Kind::unix_socket);
  EXPECT_EQ(unix_socket.metrics.listen->socket_path, fs::path("/run/gazette/metrics.sock"));
  EXPECT_EQ(unix_socket.metrics.listen->text(), "unix:/run/gazette/metrics.sock");
}

TEST(ParseConfig, MetricsListenRefusesWhatIsNotLoopback) {
  auto listen = [](const std::string& value) {
    return "[daemon]\n\n[metrics]\nlisten = \"" + value + "\"\n";
  };
  // Addresses other hosts can reach, and names (which could resolve to one).
  for (const char* address :
       {"0.0.0.0:9464", "192.168.1.2:9464", "10.0.0.1:80", "8.8.8.8:9464", "[::]:9464",
        "[fe80::1]:9464", "[::ffff:127.0.0.1]:9464", "128.0.0.1:9464"})
    expect_error(listen(address), 4, "metrics.listen", "is not a loopback address");
  for (const char* name : {"localhost:9464", "metrics.example.org:9464", "0x7f.1:9464"})
    expect_error(listen(name), 4, "metrics.listen", "is not an IP address");
  // Octal and short forms mean different things to different parsers.
  expect_error(listen("0177.0.0.1:9464"), 4, "metrics.listen", "is not an IP address");
  expect_error(listen("127.1:9464"), 4, "metrics.listen", "is not an IP address");
  for (const char* port : {"127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536",
                           "127.0.0.1:+80", "127.0.0.1:http"})
    expect_error(listen(port), 4, "metrics.listen", "port");
  expect_error(listen("[::1]9464"), 4, "metrics.listen", "is not [IPv6]:port");
  expect_error(listen("unix:metrics.sock"), 4, "metrics.listen", "must be absolute");
  expect_error(listen("unix:"), 4, "metrics.listen", "must be absolute");
  expect_error(listen("unix:/run/gazette/"), 4, "metrics.listen", "names a directory");
  expect_error(listen("unix:/" + std::string(200, 'a')), 4, "metrics.listen", "at most 107");
  expect_error(listen(""), 4, "metrics.listen", "must not be empty");
  expect_error("[metrics]\nport = 9464\n", 2, "metrics.port", "unknown key");
  expect_error("[metrics]\nlisten = 9464\n", 2, "metrics.listen", "expected a string");
}

}  // namespace
}  // namespace gazette
