// What the feed extensions Gazette reads say (iTunes podcasts, Media RSS,
// GeoRSS, Podlove Simple Chapters, ...), kept beside the core fields of a
// feed and of an entry (feeds/feed_details.h).
#pragma once

namespace gazette {

struct Extensions {};

}  // namespace gazette
