// Questions the poller asks about stored articles before fetching more.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstddef>
#include <optional>
#include <string_view>

namespace gazette {

// Length of the stored body text of the article known under `url` (any
// spelling: it is normalized), or nullopt when no article has that URL.
std::optional<std::size_t> stored_body_length(SQLite::Database& db, std::string_view url);

}  // namespace gazette
