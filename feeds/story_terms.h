// The words a story is recognised by: what the clustering (feeds/
// story_clusterer.h) compares between two articles' headlines and leads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gazette {

// The terms of `text`, in order: runs of letters and digits, ASCII folded to
// lower case, English function words ("the", "after", "says") dropped, a
// plural's "s"/"ies" taken off ("stocks" -> "stock", "stories" -> "story")
// so that two outlets' wordings meet, one-character pieces dropped (the "s"
// of "Bieber's"). Bytes of 0x80 and above (UTF-8) are word characters,
// except the typographic quotes, dashes, ellipsis and no-break space, which
// separate words as their ASCII forms do. At most `max_terms` terms: a
// long lead adds nothing a headline's first sentences did not.
std::vector<std::string> story_terms(std::string_view text, std::size_t max_terms);

}  // namespace gazette
