// Yahoo's Media RSS (media:*), used by photo, video and podcast feeds. The
// elements may stand in the item, inside <media:group> (renditions of one
// object) or inside <media:content> (that rendition's own metadata); all
// three describe the entry.
#include <string>

#include "feeds/extension_readers.h"
#include "feeds/feed_text.h"
#include "feeds/html_text.h"
#include "feeds/text_construct.h"
#include "feeds/xml_names.h"

namespace gazette {
namespace {

// Media RSS's default scheme for <media:category>.
constexpr std::string_view kCategoryScheme = "http://search.yahoo.com/mrss/category_schema";
// Renditions and thumbnails kept per entry: a photo feed lists a handful;
// more is a hostile or broken document, and each one is stored.
constexpr std::size_t kMaxMediaObjects = 64;
// How deep <media:group>/<media:content> nest before the rest is ignored
// (the specification nests them once).
constexpr int kMaxNesting = 4;

std::string attribute(pugi::xml_node element, const char* name) {
  return collapse_whitespace(element.attribute(name).value());
}

std::string text_of(pugi::xml_node element) { return collapse_whitespace(element_text(element)); }

// media:description's and media:title's type="plain"|"html".
std::string_view media_text_type(pugi::xml_node element) {
  return std::string_view(element.attribute("type").value()) == "html" ? "text/html" : "text/plain";
}

void read_media_element(pugi::xml_node element, ExtensionTarget& target, int depth);

void read_children(pugi::xml_node parent, ExtensionTarget& target, int depth) {
  if (depth >= kMaxNesting) return;
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && xmlns::is_media(xmlns::uri(c)))
      read_media_element(c, target, depth + 1);
}

void read_media_element(pugi::xml_node element, ExtensionTarget& target, int depth) {
  std::string_view local = xmlns::local_name(element);
  Extensions& ext = target.extensions;
  const DocumentScope& scope = target.scope;
  if (local == "content") {
    if (ext.media_content.size() < kMaxMediaObjects) {
      MediaContent m;
      m.url = extension_url(element, attribute(element, "url"), scope);
      m.type = attribute(element, "type");
      m.medium = attribute(element, "medium");
      m.file_size = attribute(element, "fileSize");
      m.bitrate = attribute(element, "bitrate");
      m.framerate = attribute(element, "framerate");
      m.sampling_rate = attribute(element, "samplingrate");
      m.channels = attribute(element, "channels");
      m.duration = attribute(element, "duration");
      m.width = attribute(element, "width");
      m.height = attribute(element, "height");
      m.lang = attribute(element, "lang");
      m.expression = attribute(element, "expression");
      m.is_default = attribute(element, "isDefault");
      ext.media_content.push_back(std::move(m));
    }
    read_children(element, target, depth);
  } else if (local == "group") {
    read_children(element, target, depth);
  } else if (local == "thumbnail") {
    if (ext.media_thumbnail.size() < kMaxMediaObjects)
      ext.media_thumbnail.push_back({extension_url(element, attribute(element, "url"), scope),
                                     attribute(element, "width"), attribute(element, "height"),
                                     attribute(element, "time")});
  } else if (local == "player") {
    if (!ext.media_player)
      ext.media_player = MediaPlayer{extension_url(element, attribute(element, "url"), scope),
                                     attribute(element, "width"), attribute(element, "height")};
  } else if (local == "credit") {
    if (ext.media_credit.size() < kMaxMediaObjects)
      ext.media_credit.push_back(
          {attribute(element, "role"), attribute(element, "scheme"), text_of(element)});
  } else if (local == "rating") {
    ext.media_rating = MediaRating{attribute(element, "scheme"), text_of(element)};
  } else if (local == "restriction") {
    MediaRestriction r{attribute(element, "relationship"), attribute(element, "type"), {}};
    std::string list = text_of(element);
    for (std::size_t start = 0; start < list.size();) {
      std::size_t space = list.find(' ', start);
      if (space == std::string::npos) space = list.size();
      if (r.content.size() < kMaxMediaObjects)
        r.content.push_back(list.substr(start, space - start));
      start = space + 1;
    }
    ext.media_restriction = std::move(r);
  } else if (local == "license") {
    ext.media_license =
        MediaLicense{attribute(element, "type"),
                     extension_url(element, attribute(element, "href"), scope), text_of(element)};
  } else if (local == "keywords") {
    ext.media_keywords = text_of(element);
  } else if (local == "category") {
    std::string scheme = attribute(element, "scheme");
    add_tag(target.tags, text_of(element), scheme.empty() ? kCategoryScheme : scheme,
            attribute(element, "label"));
  } else if (local == "description") {
    if (!target.summary) target.summary = rss_text(element, scope, media_text_type(element));
  }
  // media:title is the entry's title only when it has none: the parsers
  // apply that fallback where they read <title>.
}

}  // namespace

void read_media(pugi::xml_node element, ExtensionTarget& target) {
  read_media_element(element, target, 0);
}

}  // namespace gazette
