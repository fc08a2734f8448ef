// OPML 2.0 subscription lists (http://opml.org/spec2.opml): parsing an
// export from another reader, and writing Gazette's sources as one. Pure:
// text in, outlines out.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

class OpmlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OpmlOutline {
  std::string url;                // xmlUrl (feeds) or url (type="link": pages)
  std::string title;              // title, else text; may be empty
  std::vector<std::string> tags;  // enclosing folders, outermost first, then `category`
  bool page = false;              // type="link": an HTML page, not a feed
  int line = 0;                   // where the outline starts in the file (1-based)
};

struct OpmlProblem {
  int line = 0;
  std::string message;
};

struct OpmlDocument {
  std::vector<OpmlOutline> outlines;  // in document order, duplicates included
  std::vector<OpmlProblem> problems;  // entries that were not imported, and why
};

// Throws OpmlError (with the line) when the text is not XML or has no
// <opml><body>.
OpmlDocument parse_opml(std::string_view text);

// Sources grouped in folders by their first tag (all tags also in
// `category`), in the order given. Deterministic: no dates.
std::string write_opml(const std::vector<OpmlOutline>& outlines, const std::string& title);

}  // namespace gazette
