// Control characters in text from the network. A title with ESC, BEL or a
// C1 control printed on a terminal can rewrite the operator's screen (move
// the cursor, retitle the window, hide lines); Unicode's bidi overrides can
// make a line read in another order than its bytes. They are removed from
// text on its way into the database (remove_controls, on the normalize path)
// and escaped on every terminal output (escape_for_terminal): what is stored
// by another client or an older Gazette is still harmless when printed.
#pragma once

#include <string>
#include <string_view>

namespace gazette {

enum class LineBreaks {
  remove,  // one-line text (titles, names): tab and newline go too
  keep,    // multi-line text (bodies, HTML): tab, newline and CR stay
};

// Removes C0 controls (U+0000-U+001F, tab/newline/CR per `breaks`), DEL
// (U+007F) and C1 controls (U+0080-U+009F) from UTF-8 `text` in place.
// Bidi overrides and isolates are kept: right-to-left text needs them, and
// in HTML their effect ends with the element. Costs one scan, no copy, when
// there is nothing to remove.
void remove_controls(std::string& text, LineBreaks breaks);

// `text` safe to print on a terminal: controls (C0 but tab, and newline when
// `breaks` keeps them, never CR; DEL; C1), the bidi embedding/override/isolate marks
// (U+202A-U+202E, U+2066-U+2069) and bytes that are not UTF-8 become visible
// escapes: "\x1B", "\u202E". The one function every command uses to print
// fetched or stored text, and the logger applies to every line.
std::string escape_for_terminal(std::string_view text, LineBreaks breaks = LineBreaks::remove);

}  // namespace gazette
