// What PgStore keeps for story assignment between batches (pg_poll_writer.cc):
// the clusterer, loaded from the stories table on first use, and the
// highest articles.story_seq it has learnt (pg_story_order.h says why the
// pollers learn each other's articles in story_seq order, not id order).
#pragma once

#include <cstdint>
#include <memory>

#include "feeds/story_clusterer.h"
#include "storage/postgres/pg_store.h"

namespace gazette {

struct PgStore::StoryState {
  std::unique_ptr<StoryClusterer> clusterer;  // null until loaded
  std::int64_t last_story_seq = 0;            // articles above it are new to it
};

}  // namespace gazette
