// The normalized form of a URL used to recognise one story under its many
// spellings: scheme and host case, default port, fragment, tracking
// parameters, trailing slash and AMP variants (an AMP cache's copy too) do not
// make another article.
#pragma once

#include <string>
#include <string_view>

namespace gazette {

// True for an absolute http or https URL with a host, and nothing else: no
// javascript:, data:, file:, mailto:, no relative or scheme-relative
// reference, no URL that does not parse, no port outside 1-65535, no
// credentials: http_url_problem (base/web_url.h) says why. The one check
// for every URL that Gazette stores in a URL column or fetches (typed by the
// operator, advertised by a page, linked from a feed).
bool is_absolute_http_url(std::string_view url);

// `url` when is_absolute_http_url(url), else "": for a candidate link that
// may be skipped in favour of the next one.
std::string http_url_or_empty(std::string url);

// Returns `url` unchanged (trimmed) when it is not an absolute http(s) URL.
std::string normalize_url(std::string_view url);

// The publisher's URL of a page served from an AMP cache: Google's
// (https://www-example-com.cdn.ampproject.org/c/s/www.example.com/story/amp,
// "/c/" for http origins, "/v/" for the viewer) and Bing's (*.bing-amp.com,
// same paths) -> https://www.example.com/story/amp. "" for any other URL. The
// cache serves the origin's own page, so the origin's site is the page's site
// when its canonical link is weighed (feeds/article_extractor.h).
std::string amp_cache_origin_url(std::string_view url);

// Resolves `reference` (absolute or relative) against `base`; returns
// `reference` unchanged when either does not parse.
std::string resolve_url(std::string_view base, std::string_view reference);

// True when `s` holds a %XX escape of a byte above 0x7F (part of an
// escaped non-ASCII character).
bool has_non_ascii_escape(std::string_view s);

// `url` with each %XX escape of a byte above 0x7F decoded, the others kept
// (an escaped ASCII byte may be a delimiter): the IRI of a URI that
// resolve_url escaped. The result may be ill-formed UTF-8 when the escapes
// were; callers that store it repair it.
std::string decode_non_ascii_escapes(std::string_view url);

}  // namespace gazette
