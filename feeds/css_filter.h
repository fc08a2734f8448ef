// The CSS of a style="" attribute reduced to declarations that only change
// how text and boxes look: colours, fonts, spacing, borders, alignment.
// Anything that can load a resource (url(), @import), run code
// (expression(), -moz-binding, behavior) or lay a box over the reader's page
// (position, z-index, ...) is dropped, and so is a whole style that is not a
// plain list of declarations.
#pragma once

#include <string>
#include <string_view>

namespace gazette {

// The declarations kept, each written "property: value;" and separated by a
// space (the property as written, the value as written after the colon);
// empty when nothing is kept.
std::string filter_css(std::string_view style);

}  // namespace gazette
