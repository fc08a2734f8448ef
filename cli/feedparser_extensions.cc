#include "cli/feedparser_extensions.h"

namespace gazette {
namespace {

using Json = nlohmann::ordered_json;

// feedparser leaves out what is absent.
void put_if(Json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

Json point_json(const std::vector<double>& p) {
  Json out = Json::array();
  for (double v : p) out.push_back(v);
  return out;
}

Json points_json(const std::vector<std::vector<double>>& points) {
  Json out = Json::array();
  for (const std::vector<double>& p : points) out.push_back(point_json(p));
  return out;
}

// GeoJSON's shape; `{}` for a geo element whose coordinates made no sense.
Json where_json(const Geometry& g) {
  Json out = Json::object();
  switch (g.kind) {
    case Geometry::Kind::kUnreadable:
      return out;
    case Geometry::Kind::kPoint:
      out["type"] = "Point";
      out["coordinates"] = point_json(g.points.front());
      break;
    case Geometry::Kind::kLineString:
      out["type"] = "LineString";
      out["coordinates"] = points_json(g.points);
      break;
    case Geometry::Kind::kPolygon:
      out["type"] = "Polygon";
      out["coordinates"] = Json::array({points_json(g.points)});
      break;
    case Geometry::Kind::kBox:
      out["type"] = "Box";
      out["coordinates"] = points_json(g.points);
      break;
  }
  if (g.gml) {
    out["srsName"] = g.srs_name.empty() ? Json(nullptr) : Json(g.srs_name);
    out["srsDimension"] = g.dimension;
  }
  return out;
}

void put_media(Json& out, const Extensions& x) {
  if (!x.media_content.empty()) {
    Json list = Json::array();
    for (const MediaContent& m : x.media_content) {
      Json j = Json::object();
      put_if(j, "url", m.url);
      put_if(j, "type", m.type);
      put_if(j, "medium", m.medium);
      put_if(j, "filesize", m.file_size);
      put_if(j, "bitrate", m.bitrate);
      put_if(j, "framerate", m.framerate);
      put_if(j, "samplingrate", m.sampling_rate);
      put_if(j, "channels", m.channels);
      put_if(j, "duration", m.duration);
      put_if(j, "width", m.width);
      put_if(j, "height", m.height);
      put_if(j, "lang", m.lang);
      put_if(j, "expression", m.expression);
      put_if(j, "isdefault", m.is_default);
      list.push_back(std::move(j));
    }
    out["media_content"] = std::move(list);
  }
  if (!x.media_thumbnail.empty()) {
    Json list = Json::array();
    for (const MediaThumbnail& t : x.media_thumbnail) {
      Json j = Json::object();
      put_if(j, "url", t.url);
      put_if(j, "width", t.width);
      put_if(j, "height", t.height);
      put_if(j, "time", t.time);
      list.push_back(std::move(j));
    }
    out["media_thumbnail"] = std::move(list);
  }
  if (x.media_player) {
    Json j = Json::object();
    put_if(j, "url", x.media_player->url);
    put_if(j, "width", x.media_player->width);
    put_if(j, "height", x.media_player->height);
    out["media_player"] = std::move(j);
  }
  if (!x.media_credit.empty()) {
    Json list = Json::array();
    for (const MediaCredit& c : x.media_credit) {
      Json j = Json::object();
      put_if(j, "role", c.role);
      put_if(j, "scheme", c.scheme);
      j["content"] = c.content;
      list.push_back(std::move(j));
    }
    out["media_credit"] = std::move(list);
  }
  if (x.media_rating) {
    Json j = Json::object();
    put_if(j, "scheme", x.media_rating->scheme);
    j["content"] = x.media_rating->content;
    out["media_rating"] = std::move(j);
  }
  if (x.media_restriction) {
    Json j = Json::object();
    put_if(j, "relationship", x.media_restriction->relationship);
    put_if(j, "type", x.media_restriction->type);
    j["content"] = x.media_restriction->content;
    out["media_restriction"] = std::move(j);
  }
  if (x.media_license) {
    Json j = Json::object();
    put_if(j, "type", x.media_license->type);
    put_if(j, "href", x.media_license->href);
    j["content"] = x.media_license->content;
    out["media_license"] = std::move(j);
  }
  put_if(out, "media_keywords", x.media_keywords);
}

}  // namespace

void put_extensions(Json& out, const Extensions& x) {
  if (x.itunes_block) out["itunes_block"] = *x.itunes_block;
  if (x.itunes_explicit)
    out["itunes_explicit"] = *x.itunes_explicit ? Json(**x.itunes_explicit) : Json(nullptr);
  put_if(out, "itunes_duration", x.itunes_duration);
  put_if(out, "itunes_episode", x.itunes_episode);
  put_if(out, "itunes_season", x.itunes_season);
  put_if(out, "itunes_episodetype", x.itunes_episode_type);
  put_if(out, "itunes_type", x.itunes_type);
  put_if(out, "itunes_title", x.itunes_title);
  put_if(out, "newlocation", x.new_location);
  put_media(out, x);
  if (x.where) out["where"] = where_json(*x.where);
  if (x.psc_chapters) {
    Json chapters = Json::array();
    for (const Chapter& c : x.psc_chapters->chapters) {
      Json j = {{"start", c.start}};
      if (c.start_seconds) j["start_parsed"] = *c.start_seconds;
      put_if(j, "title", c.title);
      put_if(j, "href", c.href);
      put_if(j, "image", c.image);
      chapters.push_back(std::move(j));
    }
    out["psc_chapters"] = {{"version", x.psc_chapters->version}, {"chapters", std::move(chapters)}};
  }
  if (x.in_reply_to) {
    Json j = Json::object();
    put_if(j, "ref", x.in_reply_to->ref);
    put_if(j, "href", x.in_reply_to->href);
    put_if(j, "type", x.in_reply_to->type);
    put_if(j, "source", x.in_reply_to->source);
    out["thr_in-reply-to"] = std::move(j);
  }
  put_if(out, "wfw_comment", x.wfw_comment);
  put_if(out, "wfw_commentrss", x.wfw_comment_rss);
  put_if(out, "feedburner_origlink", x.feedburner_orig_link);
}

}  // namespace gazette
