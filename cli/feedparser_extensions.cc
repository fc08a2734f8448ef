#include "cli/feedparser_extensions.h"

namespace gazette {

void put_extensions(nlohmann::ordered_json& /*out*/, const Extensions& /*extensions*/) {}

}  // namespace gazette
