#include "storage/opml_sources.h"

#include <SQLiteCpp/Transaction.h>

#include "storage/source_store.h"

namespace gazette {

OpmlImportCounts import_opml_outlines(SQLite::Database& db,
                                      const std::vector<OpmlOutline>& outlines,
                                      std::int64_t default_interval_seconds) {
  OpmlImportCounts counts;
  SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
  SourceStore store(db);
  for (const OpmlOutline& o : outlines) {
    if (store.find(o.url)) {
      ++counts.duplicates;
      continue;
    }
    SourceConfig source;
    source.kind = o.page ? SourceKind::page : SourceKind::feed;
    source.url = o.url;
    source.title = o.title;
    source.tags = o.tags;
    store.upsert(source, default_interval_seconds);
    ++counts.added;
  }
  transaction.commit();
  return counts;
}

std::vector<OpmlOutline> sources_as_opml(SQLite::Database& db) {
  std::vector<OpmlOutline> outlines;
  for (const SourceRow& row : SourceStore(db).list()) {
    OpmlOutline o;
    o.url = row.url;
    o.title = row.title;
    o.page = row.kind == SourceKind::page;
    o.tags = row.tags;
    outlines.push_back(std::move(o));
  }
  return outlines;
}

}  // namespace gazette
