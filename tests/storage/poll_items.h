// What the storage tests record (sources, items and fetch outcomes) and read
// back, one definition for the SQLite, PostgreSQL and engine-suite tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "base/clock.h"
#include "config/config.h"
#include "feeds/feed_item.h"
#include "storage/article_search.h"
#include "storage/poll_recorder.h"
#include "storage/retention.h"

namespace gazette::test_support {

// "Now" for the storage tests: 2026-11-30T10:00:00Z.
inline constexpr UnixTime kNow = 1'796'032'800;

inline SourceConfig feed_source(const std::string& url) {
  SourceConfig source;
  source.kind = SourceKind::feed;
  source.url = url;
  return source;
}

// An item with a body ("<p>BODY</p>" and its text), published 2023-11-14.
inline FeedItem body_item(std::string guid, std::string url, std::string title,
                          std::string body = "Body") {
  FeedItem i;
  i.guid = std::move(guid);
  i.url = std::move(url);
  i.title = std::move(title);
  i.content_html = "<p>" + body + "</p>";
  i.content_text = body;
  i.published = 1'700'000'000;
  return i;
}

// An item with a summary only, at https://news.example/ID (the stories tests).
inline FeedItem news_item(const std::string& id, const std::string& title,
                          const std::string& summary, UnixTime published) {
  FeedItem i;
  i.guid = id;
  i.url = "https://news.example/" + id;
  i.title = title;
  i.summary_text = summary;
  i.published = published;
  return i;
}

inline Link enclosure_link(std::string href, std::string type, std::string length) {
  Link l;
  l.rel = "enclosure";
  l.href = std::move(href);
  l.type = std::move(type);
  l.length = std::move(length);
  return l;
}

// A podcast episode: four enclosures to store (an mp3, an ogg without a
// usable length, a media:content video, a thumbnail) and links that are not
// stored as one.
inline FeedItem podcast_episode() {
  FeedItem i;
  i.guid = "ep-1";
  i.url = "https://pod.example/ep-1";
  i.title = "Episode one";
  i.content_text = "Show notes";
  i.details.links.push_back({"alternate", "text/html", "https://pod.example/ep-1", {}, {}, {}});
  i.details.links.push_back(
      enclosure_link("https://cdn.pod.example/ep-1.mp3", "audio/mpeg", "123456"));
  // Not stored: not http(s), the same URL again, a length that is no number.
  i.details.links.push_back(enclosure_link("javascript:alert(1)", "audio/mpeg", "1"));
  i.details.links.push_back(enclosure_link("https://cdn.pod.example/ep-1.mp3", "audio/mpeg", "1"));
  i.details.links.push_back(
      enclosure_link("https://cdn.pod.example/ep-1.ogg", "audio/ogg", "about 5 MB"));
  MediaContent video;
  video.url = "https://cdn.pod.example/ep-1.mp4";
  video.medium = "video";
  video.file_size = "999";
  i.details.extensions.media_content.push_back(video);
  i.details.extensions.media_thumbnail.push_back({"https://cdn.pod.example/ep-1.jpg", "", "", ""});
  return i;
}

// A 200 without validators.
inline FetchOutcome fetched_plain(std::int64_t source, UnixTime when = 1'700'000'100) {
  FetchOutcome o;
  o.source_id = source;
  o.started = when;
  o.http_status = 200;
  return o;
}

// A 200 with ETag "v1".
inline FetchOutcome fetched_ok(std::int64_t source, UnixTime when = 1'700'000'100) {
  FetchOutcome o = fetched_plain(source, when);
  o.etag = "\"v1\"";
  return o;
}

// An item at https://example.org/GUID with a body and no published time
// (articles_v.published falls back to first_seen).
inline FeedItem unpublished_item(std::string guid, std::string title, std::string body) {
  FeedItem i = body_item(guid, "https://example.org/" + guid, std::move(title), std::move(body));
  i.published.reset();
  return i;
}

// The titles of search hits, best first.
inline std::vector<std::string> hit_titles(const std::vector<SearchHit>& hits) {
  std::vector<std::string> out;
  for (const SearchHit& h : hits) out.push_back(h.title);
  return out;
}

// The retention tests' feed: story `n` of https://news.example/, with
// "harbour" in its text, published `age_days` before kT0.
namespace retention {
inline constexpr UnixTime kDay = 86'400;
inline constexpr UnixTime kT0 = 1'750'000'000;
inline FeedItem story(int n, int age_days) {
  FeedItem i;
  i.guid = "g" + std::to_string(n);
  i.url = "https://news.example/story/" + std::to_string(n);
  i.title = "Story " + std::to_string(n);
  i.content_text = "harbour text number " + std::to_string(n);
  i.content_html = "<p>" + i.content_text + "</p>";
  i.published = kT0 - age_days * kDay;
  return i;
}
// Queries counting what a prune may not leave behind: sightings and keys
// without their article.
inline constexpr const char* kOrphanCounts[] = {
    "SELECT count(*) FROM sightings WHERE article_id NOT IN (SELECT id FROM articles)",
    "SELECT count(*) FROM article_keys WHERE article_id NOT IN (SELECT id FROM articles)"};
inline RetentionSettings by_age(int days) {
  RetentionSettings r;
  r.max_age = std::chrono::seconds(days * kDay);
  return r;
}
}  // namespace retention

}  // namespace gazette::test_support

// The storage tests use these by their short names.
namespace gazette {
using test_support::body_item;
using test_support::enclosure_link;
using test_support::feed_source;
using test_support::fetched_ok;
using test_support::kNow;
using test_support::news_item;
}  // namespace gazette
