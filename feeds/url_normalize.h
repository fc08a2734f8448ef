// The normalized form of a URL used to recognise one story under its many
// spellings: scheme and host case, default port, fragment, tracking
// parameters, trailing slash and AMP variants do not make another article.
#pragma once

#include <string>
#include <string_view>

namespace gazette {

// Returns `url` unchanged (trimmed) when it is not an absolute http(s) URL.
std::string normalize_url(std::string_view url);

// Resolves `reference` (absolute or relative) against `base`; returns
// `reference` unchanged when either does not parse.
std::string resolve_url(std::string_view base, std::string_view reference);

}  // namespace gazette
