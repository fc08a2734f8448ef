// Questions the poller asks about stored articles before fetching more.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstddef>
#include <optional>
#include <string_view>

namespace gazette {

// Its statement is prepared once: the poller asks for every link it might
// follow.
class StoredBodyLookup {
 public:
  explicit StoredBodyLookup(SQLite::Database& db);

  // Length of the stored body text of the article known under `url` (any
  // spelling: it is normalized), or nullopt when no article has that URL.
  // An article retention pruned (a tombstone, storage/retention.h) counts as
  // stored in full (SIZE_MAX): following its link again would fetch a page
  // that is not stored.
  std::optional<std::size_t> length(std::string_view url);

 private:
  SQLite::Statement query_;
};

}  // namespace gazette
