// Which site a URL belongs to, for deciding whose word counts about an
// article: the registrable domain of its host by the Public Suffix List
// ("www.bbc.co.uk" and "news.bbc.co.uk" are one site, bbc.co.uk;
// "a.github.io" and "b.github.io" are two). libpsl does the lookup, with the
// list Debian's publicsuffix package keeps up to date.
#pragma once

#include <string>
#include <string_view>

namespace gazette {

// The site of an absolute http(s) URL: its host's registrable domain (lower
// case, IDNs in punycode as the URL spells them); the host itself when it has
// none (an IP address, "localhost", a public suffix itself). Empty when `url`
// is not an absolute http(s) URL. The port does not count: a site is a name,
// and example.com:8080 is the same publisher as example.com.
std::string site_of_url(std::string_view url);

// True when both URLs have a site and it is the same one.
bool same_site(std::string_view a, std::string_view b);

}  // namespace gazette
