// GeoRSS: the simple encoding (georss:point "lat lon", georss:line,
// georss:polygon, georss:box) and GML (georss:where holding gml:Point,
// gml:LineString, gml:Polygon or gml:Envelope, or a gml geometry standing
// in the entry itself), read as a GeoJSON-like Geometry
// (feeds/feed_extensions.h).
#include <charconv>
#include <string>

#include "feeds/extension_readers.h"
#include "feeds/feed_text.h"
#include "feeds/xml_names.h"

namespace gazette {
namespace {

// A geometry with more points than this is treated as unreadable rather
// than kept: every point is printed and stored.
constexpr std::size_t kMaxPoints = 10000;

// The numbers of a coordinate list ("45.1 -93.2 45.2 -93.3", commas
// allowed as separators); nothing when any token is not a finite number.
std::optional<std::vector<double>> numbers(std::string_view text) {
  std::vector<double> out;
  auto is_separator = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',';
  };
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_separator(text[i])) ++i;
    std::size_t start = i;
    while (i < text.size() && !is_separator(text[i])) ++i;
    if (start == i) break;
    std::string_view token = text.substr(start, i - start);
    if (token.front() == '+') token.remove_prefix(1);
    double value = 0;
    auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (error != std::errc() || end != token.data() + token.size() || value != value ||
        value > 1e308 || value < -1e308)
      return std::nullopt;
    out.push_back(value);
    if (out.size() > kMaxPoints * 3) return std::nullopt;
  }
  return out;
}

// Splits `values` into points of `dimension` numbers, swapping the first two
// (latitude first in the source, longitude first in the output) when
// `swap`. Empty when the count does not divide.
std::vector<std::vector<double>> points(const std::vector<double>& values, int dimension,
                                        bool swap) {
  std::vector<std::vector<double>> out;
  if (dimension < 2 || values.empty() || values.size() % dimension != 0) return out;
  for (std::size_t i = 0; i < values.size(); i += dimension) {
    std::vector<double> p(values.begin() + i, values.begin() + i + dimension);
    if (swap) std::swap(p[0], p[1]);
    out.push_back(std::move(p));
  }
  return out;
}

// The number of points each kind needs at least (a polygon's ring is
// closed: three corners and the first again).
std::size_t minimum_points(Geometry::Kind kind) {
  switch (kind) {
    case Geometry::Kind::kPoint:
      return 1;
    case Geometry::Kind::kLineString:
      return 2;
    case Geometry::Kind::kPolygon:
      return 4;
    case Geometry::Kind::kBox:
      return 2;
    default:
      return 1;
  }
}

// `geometry` with `text`'s coordinates, or an unreadable one when they do
// not make that kind of geometry.
Geometry with_points(Geometry geometry, std::string_view text, bool swap) {
  std::optional<std::vector<double>> values = numbers(text);
  if (values) geometry.points = points(*values, geometry.dimension, swap);
  std::size_t n = geometry.points.size();
  bool fits = n >= minimum_points(geometry.kind) && n <= kMaxPoints &&
              (geometry.kind != Geometry::Kind::kPoint || n == 1) &&
              (geometry.kind != Geometry::Kind::kBox || n == 2);
  if (!fits) {
    geometry.points.clear();
    geometry.kind = Geometry::Kind::kUnreadable;
  }
  return geometry;
}

// WGS84 in any of its spellings ("EPSG:4326", "urn:ogc:def:crs:EPSG:6.6:4979",
// ".../epsg.xml#4326"), whose axis order is latitude first; without a
// srsName GML means WGS84 in GeoRSS.
bool is_wgs84(std::string_view srs_name) {
  if (srs_name.empty()) return true;
  std::size_t cut = srs_name.find_last_of(":#/");
  std::string_view code = cut == std::string_view::npos ? srs_name : srs_name.substr(cut + 1);
  return code == "4326" || code == "4979";
}

pugi::xml_node gml_child(pugi::xml_node parent, std::string_view local) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && xmlns::local_name(c) == local) return c;
  return {};
}

int gml_dimension(pugi::xml_node geometry, pugi::xml_node coordinates) {
  pugi::xml_attribute a = coordinates.attribute("srsDimension");
  if (!a) a = geometry.attribute("srsDimension");
  int d = a ? a.as_int(2) : 2;
  return d == 3 ? 3 : 2;
}

std::optional<Geometry> gml_geometry(pugi::xml_node element) {
  std::string_view local = xmlns::local_name(element);
  Geometry g;
  g.gml = true;
  g.srs_name = element.attribute("srsName").value();
  bool swap = is_wgs84(g.srs_name);
  pugi::xml_node coordinates;
  if (local == "Point") {
    g.kind = Geometry::Kind::kPoint;
    coordinates = gml_child(element, "pos");
  } else if (local == "LineString") {
    g.kind = Geometry::Kind::kLineString;
    coordinates = gml_child(element, "posList");
  } else if (local == "Polygon") {
    g.kind = Geometry::Kind::kPolygon;
    coordinates = gml_child(gml_child(gml_child(element, "exterior"), "LinearRing"), "posList");
  } else if (local == "Envelope") {
    g.kind = Geometry::Kind::kBox;
    g.dimension = gml_dimension(element, element);
    std::string corners = element_text(gml_child(element, "lowerCorner")) + " " +
                          element_text(gml_child(element, "upperCorner"));
    return with_points(std::move(g), corners, swap);
  } else {
    return std::nullopt;
  }
  g.dimension = gml_dimension(element, coordinates);
  return with_points(std::move(g), element_text(coordinates), swap);
}

}  // namespace

void read_geo(pugi::xml_node element, ExtensionTarget& target) {
  std::string_view local = xmlns::local_name(element);
  std::optional<Geometry>& where = target.extensions.where;
  if (local == "where") {
    for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element)
        if (std::optional<Geometry> g = gml_geometry(c)) {
          where = std::move(g);
          return;
        }
    where = Geometry{};  // a where with no geometry in it
    return;
  }
  Geometry g;
  if (local == "point")
    g.kind = Geometry::Kind::kPoint;
  else if (local == "line")
    g.kind = Geometry::Kind::kLineString;
  else if (local == "polygon")
    g.kind = Geometry::Kind::kPolygon;
  else if (local == "box")
    g.kind = Geometry::Kind::kBox;
  else if (std::optional<Geometry> gml = gml_geometry(element))  // gml:* in the entry itself
    g = std::move(*gml);
  else
    return;  // georss:featureName, elev, radius, ...: not geometry
  if (g.gml)
    where = std::move(g);
  else
    where = with_points(std::move(g), element_text(element), true);
}

}  // namespace gazette
