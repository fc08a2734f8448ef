// Podlove Simple Chapters (psc:chapters), the chapter marks of a podcast
// episode: https://podlove.org/simple-chapters/.
#include <charconv>
#include <string>

#include "feeds/extension_readers.h"
#include "feeds/html_text.h"
#include "feeds/xml_names.h"

namespace gazette {
namespace {

// Chapters kept per episode; a long show has a few dozen.
constexpr std::size_t kMaxChapters = 1000;

// A Normal Play Time ("01:02:03.250", "08:26", "12.5"): seconds, or nothing
// when it is not one.
std::optional<double> play_time(std::string_view text) {
  double seconds = 0;
  int parts = 0;
  while (true) {
    std::size_t colon = text.find(':');
    std::string_view part = text.substr(0, colon);
    bool last = colon == std::string_view::npos;
    if (part.empty() || ++parts > 3) return std::nullopt;
    double value = 0;
    if (last) {
      auto [end, error] =
          std::from_chars(part.data(), part.data() + part.size(), value, std::chars_format::fixed);
      if (error != std::errc() || end != part.data() + part.size() || value < 0)
        return std::nullopt;
    } else {
      unsigned whole = 0;
      auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), whole);
      if (error != std::errc() || end != part.data() + part.size() || whole > 1000000)
        return std::nullopt;
      value = whole;
    }
    seconds = seconds * 60 + value;
    if (last) return seconds;
    text.remove_prefix(colon + 1);
  }
}

}  // namespace

void read_chapters(pugi::xml_node element, ExtensionTarget& target) {
  // One psc:chapters per episode: a second one is ignored.
  if (xmlns::local_name(element) != "chapters" || target.extensions.psc_chapters) return;
  Chapters out;
  out.version = element.attribute("version").value();
  for (pugi::xml_node c = element.first_child(); c && out.chapters.size() < kMaxChapters;
       c = c.next_sibling()) {
    if (c.type() != pugi::node_element || xmlns::local_name(c) != "chapter") continue;
    Chapter chapter;
    chapter.start = collapse_whitespace(c.attribute("start").value());
    chapter.start_seconds = play_time(chapter.start);
    chapter.title = c.attribute("title").value();
    chapter.href = extension_url(c, collapse_whitespace(c.attribute("href").value()), target.scope);
    chapter.image =
        extension_url(c, collapse_whitespace(c.attribute("image").value()), target.scope);
    out.chapters.push_back(std::move(chapter));
  }
  target.extensions.psc_chapters = std::move(out);
}

}  // namespace gazette
