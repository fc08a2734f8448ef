// Gives every newly stored article a story (feeds/story_clusterer.h): an
// existing story of the window, or a new row of `stories`. Runs on the
// connection that stores the articles, inside its open transaction, so an
// article and its story_id commit together.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <memory>

#include "feeds/story_clusterer.h"

namespace gazette {

class StoryAssigner {
 public:
  StoryAssigner(SQLite::Database& db, StoryParams params);
  ~StoryAssigner();
  StoryAssigner(const StoryAssigner&) = delete;
  StoryAssigner& operator=(const StoryAssigner&) = delete;

  // Loads the stories of the window and notes the newest article id, unless
  // done already: call before storing a batch, so that the batch's own
  // articles count as new.
  void prepare();

  // Assigns the articles stored since the last call, in the order they were
  // stored; returns how many. Articles that existed before it first ran
  // without any story in the database (a database from before schema 9)
  // are left alone: clustering starts with the articles stored from then
  // on. An article's story never changes once written.
  std::int64_t assign_new(UnixTime now);

  // The transaction around the last assign_new() was rolled back: what it
  // learnt is forgotten, and the next call reloads from the database.
  void reset();

 private:
  void load();
  struct Statements;
  SQLite::Database& db_;
  StoryParams params_;
  std::unique_ptr<StoryClusterer> clusterer_;  // null until loaded
  std::int64_t last_article_ = 0;              // articles above this id are new
  std::unique_ptr<Statements> statements_;
};

}  // namespace gazette
