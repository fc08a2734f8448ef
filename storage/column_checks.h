// The invariants every value Gazette writes must hold, checked where the
// values enter the database, whatever code path produced them: TEXT columns
// hold valid UTF-8, URL columns hold an absolute http(s) URL or nothing.
// The normalize path (feeds/normalize.h) already gives values that pass;
// these checks are the last line, so a path that skipped it (or a bug in
// it) cannot store a javascript: link or bytes a reader chokes on.
#pragma once

#include <string>
#include <vector>

#include "feeds/feed_item.h"

namespace gazette {

struct FetchOutcome;

// True when every text field of `item` is valid UTF-8 and its url and
// image_url are empty or absolute http(s). One scan of each field; no copy.
bool item_fits_columns(const FeedItem& item);

// Repairs `item` so that it fits: invalid UTF-8 becomes U+FFFD, a URL that
// is not absolute http(s) is cleared (with the link key derived from it).
// Appends one line per repaired column to `problems` ("title: invalid UTF-8
// replaced", "url: not an absolute http(s) URL, dropped: javascript:...").
void fit_item_to_columns(FeedItem& item, std::vector<std::string>& problems);

// The same for the text a poll writes to `fetches` and `sources`.
bool outcome_fits_columns(const FetchOutcome& outcome);
void fit_outcome_to_columns(FetchOutcome& outcome, std::vector<std::string>& problems);

}  // namespace gazette
