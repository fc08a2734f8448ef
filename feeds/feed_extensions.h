// What the feed extensions Gazette reads say (iTunes podcasts, Media RSS,
// GeoRSS, Podlove Simple Chapters, ...), kept beside the core fields of a
// feed and of an entry (feeds/feed_details.h).
//
// Where feedparser maps an extension element to a core field (itunes:image
// to the image, itunes:owner to the publisher, itunes:category and
// media:category to tags, itunes:subtitle to the subtitle, ...), the reader
// (feeds/extension_elements.h) fills that core field instead; what remains
// here has no core field. Values are as published (attributes are strings:
// "72", "3:00"), except where the meaning is a number or a flag.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gazette {

// <media:content>: one rendition of the entry's media object.
struct MediaContent {
  std::string url;  // resolved; empty when the element had none
  std::string type;
  std::string medium;  // image, audio, video, document, executable
  std::string file_size;
  std::string bitrate;
  std::string framerate;
  std::string sampling_rate;
  std::string channels;
  std::string duration;
  std::string width;
  std::string height;
  std::string lang;
  std::string expression;  // sample, full, nonstop
  std::string is_default;
};

// <media:thumbnail>.
struct MediaThumbnail {
  std::string url;  // resolved
  std::string width;
  std::string height;
  std::string time;
};

// <media:player>: a page or embed that plays the media.
struct MediaPlayer {
  std::string url;  // resolved
  std::string width;
  std::string height;
};

// <media:credit role="...">name</media:credit>.
struct MediaCredit {
  std::string role;
  std::string scheme;
  std::string content;
};

// <media:rating scheme="urn:simple">adult</media:rating>.
struct MediaRating {
  std::string scheme;
  std::string content;
};

// <media:restriction relationship="allow" type="country">au us</...>.
struct MediaRestriction {
  std::string relationship;
  std::string type;
  std::vector<std::string> content;  // the space-separated list
};

// <media:license type href>name</media:license>.
struct MediaLicense {
  std::string type;
  std::string href;
  std::string content;
};

// A GeoRSS (simple or GML) geometry, shaped like GeoJSON: points are
// [longitude, latitude(, elevation)] for WGS84 (GeoRSS writes "lat lon"),
// and in the source's axis order for another reference system.
struct Geometry {
  enum class Kind { kUnreadable, kPoint, kLineString, kPolygon, kBox };
  Kind kind = Kind::kUnreadable;  // a geo element whose coordinates made no sense
  // Point: one point; LineString and Box: the points; Polygon: the exterior
  // ring's points.
  std::vector<std::vector<double>> points;
  bool gml = false;  // written in GML: srs_name and dimension are printed
  std::string srs_name;
  int dimension = 2;
};

// One <psc:chapter>.
struct Chapter {
  std::string start;                    // as published: "00:03:07.250"
  std::optional<double> start_seconds;  // empty when `start` is no time
  std::string title;
  std::string href;   // resolved
  std::string image;  // resolved
};

// <psc:chapters version>: the first one of an entry.
struct Chapters {
  std::string version;
  std::vector<Chapter> chapters;
};

// <thr:in-reply-to> (RFC 4685).
struct InReplyTo {
  std::string ref;
  std::string href;  // resolved
  std::string type;
  std::string source;  // resolved
};

struct Extensions {
  // iTunes.
  std::optional<int> itunes_block;  // 1 only for "yes" (Apple's rule); 0 otherwise
  // "yes"/"true"/"explicit" true; "no"/"false"/"clean" false; anything else
  // unknown. The outer optional: no element at all.
  std::optional<std::optional<bool>> itunes_explicit;
  std::string itunes_duration;
  std::string itunes_episode;
  std::string itunes_season;
  std::string itunes_episode_type;  // full, trailer, bonus
  std::string itunes_type;          // episodic, serial (the channel's)
  std::string itunes_title;
  std::string new_location;  // itunes:new-feed-url: where the feed moved, resolved

  // Media RSS (also inside <media:group>).
  std::vector<MediaContent> media_content;
  std::vector<MediaThumbnail> media_thumbnail;
  std::optional<MediaPlayer> media_player;
  std::vector<MediaCredit> media_credit;
  std::optional<MediaRating> media_rating;
  std::optional<MediaRestriction> media_restriction;
  std::optional<MediaLicense> media_license;
  std::string media_keywords;

  // GeoRSS / GML.
  std::optional<Geometry> where;

  // Podlove Simple Chapters.
  std::optional<Chapters> psc_chapters;

  // Threading (RFC 4685) and the Well-Formed Web comment API.
  std::optional<InReplyTo> in_reply_to;
  std::string wfw_comment;      // resolved
  std::string wfw_comment_rss;  // resolved

  // FeedBurner: the article's URL before FeedBurner's redirect.
  std::string feedburner_orig_link;

  // RSS 1.0 Syndication module (the channel's), trimmed text as published:
  // how often the feed is updated (poll/poll_interval.h reads them).
  std::string sy_update_period;     // hourly, daily, weekly, monthly, yearly
  std::string sy_update_frequency;  // updates per period
  std::string sy_update_base;       // a date the schedule counts from
};

}  // namespace gazette
