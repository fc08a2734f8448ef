#include "cli/export_command.h"

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "daemon/exit_codes.h"
#include "export/atom_writer.h"
#include "export/export_fields.h"
#include "export/hugo_writer.h"
#include "export/json_feed_writer.h"
#include "export/json_lines_writer.h"
#include "export/output_file.h"
#include "export/rss_writer.h"
#include "storage/article_selection.h"

namespace gazette {
namespace {

ArticleFilter make_filter(const ExportOptions& o) {
  ArticleFilter filter;
  if (!o.since.empty()) filter.since = since_option(o.since);
  filter.source_url = o.source;
  filter.tag = o.tag;
  if (o.limit > 0) filter.limit = o.limit;
  return filter;
}

std::unique_ptr<ArticleSink> stream_writer(const std::string& format, std::ostream& out,
                                           const FeedInfo& info) {
  if (format == "jsonfeed") return std::make_unique<JsonFeedWriter>(out, info);
  if (format == "atom") return std::make_unique<AtomWriter>(out, info);
  if (format == "rss") return std::make_unique<RssWriter>(out, info);
  return std::make_unique<JsonLinesWriter>(out);
}

int export_hugo(Store& db, const ArticleFilter& filter, const std::string& folder) {
  HugoWriter writer(folder);
  db.for_each_article(
      filter, [&](const ArticleRecord& a) { writer.add(a); }, ArticleColumns::page);
  writer.finish();
  const HugoExportCounts& c = writer.counts();
  fmt::print("written {}, unchanged {}, removed {}\n", c.written, c.unchanged, c.removed);
  return exit_code::ok;
}

int export_stream(Store& db, const ArticleFilter& filter, const ExportOptions& o) {
  FeedInfo info{o.title, o.link};
  int count = 0;
  auto run = [&](std::ostream& out) {
    std::unique_ptr<ArticleSink> writer = stream_writer(o.format, out, info);
    db.for_each_article(filter, [&](const ArticleRecord& a) {
      writer->add(a);
      ++count;
    });
    writer->finish();
  };
  if (o.out == "-") {
    run(std::cout);
    if (!std::cout) throw ExportError("writing to standard output failed");
    return exit_code::ok;
  }
  // A device or FIFO named by --out is written in place, never replaced.
  AtomicOutputFile file(o.out, SpecialTarget::write_in_place);
  run(file.stream());
  file.commit();
  fmt::print("exported {} articles to {}\n", count, o.out);
  return exit_code::ok;
}

}  // namespace

int cmd_export(const GlobalOptions& options, const ExportOptions& o) {
  // The writers would leave it out (exportable_url); a typed one is an error.
  if (!o.link.empty() && exportable_url(o.link).empty())
    throw CommandError{exit_code::usage,
                       fmt::format("--link {}: not an absolute http(s) URL", o.link)};
  ArticleFilter filter = make_filter(o);
  Config config = load_config_for(options);
  auto db = open_store(config, OpenMode::read_only);
  try {
    // One read transaction: the export sees one state of the database even
    // while the daemon writes.
    int code = exit_code::ok;
    db->in_transaction([&] {
      code = o.format == "hugo" ? export_hugo(*db, filter, o.out) : export_stream(*db, filter, o);
    });
    return code;
  } catch (const ExportError& e) {
    throw CommandError{exit_code::failure,
                       fmt::format("export --format {}: {}", o.format, e.what())};
  }
}

}  // namespace gazette
