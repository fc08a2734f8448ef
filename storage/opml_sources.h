// Sources in and out of OPML: the database half of `gazette import-opml`
// and `gazette export-opml` (feeds/opml.h does the XML).
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <vector>

#include "feeds/opml.h"

namespace gazette {

struct OpmlImportCounts {
  int added = 0;
  int duplicates = 0;  // already a source, or listed earlier in the same file
};

// Adds each outline whose URL is not yet a source (by url or fetch url), in
// one transaction. Existing sources are left as they are.
OpmlImportCounts import_opml_outlines(SQLite::Database& db,
                                      const std::vector<OpmlOutline>& outlines,
                                      std::int64_t default_interval_seconds);

// Every source, in id order, as an outline (title: configured, else the feed's).
std::vector<OpmlOutline> sources_as_opml(SQLite::Database& db);

}  // namespace gazette
