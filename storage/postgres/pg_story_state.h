// What PgStore keeps for story assignment between batches (pg_poll_writer.cc):
// the clusterer, loaded from the stories table on first use, and the newest
// article it has seen.
#pragma once

#include <cstdint>
#include <memory>

#include "feeds/story_clusterer.h"
#include "storage/postgres/pg_store.h"

namespace gazette {

struct PgStore::StoryState {
  std::unique_ptr<StoryClusterer> clusterer;  // null until loaded
  std::int64_t last_article = 0;              // articles above this id are new
};

}  // namespace gazette
