// The read API's queries: articles, stories, status, OPML. PLACEHOLDER: each body below is replaced
// by its owner; none may remain.
#include <fmt/format.h>

#include "storage/postgres/pg_store.h"

namespace gazette {

void PgStore::for_each_article(const ArticleFilter&,
                               const std::function<void(const ArticleRecord&)>&, ArticleColumns) {
  throw StorageError(
      fmt::format("{}: for_each_article is not implemented for PostgreSQL yet", location_));
}

std::vector<StoryRow> PgStore::list_stories(const StoryFilter&) {
  throw StorageError(
      fmt::format("{}: list_stories is not implemented for PostgreSQL yet", location_));
}

StatusReport PgStore::status_report(UnixTime) {
  throw StorageError(
      fmt::format("{}: status_report is not implemented for PostgreSQL yet", location_));
}

OpmlImportCounts PgStore::import_opml(const std::vector<OpmlOutline>&, std::int64_t) {
  throw StorageError(
      fmt::format("{}: import_opml is not implemented for PostgreSQL yet", location_));
}

std::vector<OpmlOutline> PgStore::sources_as_opml() {
  throw StorageError(
      fmt::format("{}: sources_as_opml is not implemented for PostgreSQL yet", location_));
}

}  // namespace gazette
