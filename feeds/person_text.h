// People as RSS and Dublin Core write them: one string that may hold a name,
// an e-mail address or both ("jane@example.org (Jane Doe)",
// "Jane Doe <jane@example.org>").
#pragma once

#include <string_view>

#include "feeds/feed_details.h"

namespace gazette {

// The name and the e-mail address in `text`: the first address found is the
// email, and what is left, without the brackets or parentheses that held
// either part, is the name. Either part may come out empty.
Person person_from_text(std::string_view text);

}  // namespace gazette
