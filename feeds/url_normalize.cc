#include "feeds/url_normalize.h"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <cctype>
#include <string>
#include <vector>

#include "base/text.h"
#include "base/web_url.h"

namespace gazette {
namespace {

// Parameters that say where a click came from, not what was linked.
bool is_tracking_parameter(std::string_view raw_key) {
  std::string key(raw_key);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static constexpr std::string_view kExact[] = {
      "fbclid",      "gclid",   "dclid",   "gclsrc",     "msclkid",
      "yclid",       "igshid",  "mc_cid",  "mc_eid",     "_ga",
      "_gl",         "ref",     "ref_src", "ref_url",    "cmpid",
      "ncid",        "ocid",    "amp",     "outputtype", "__twitter_impression",
      "_hsenc",      "_hsmi",   "mkt_tok", "spm",        "oly_enc_id",
      "oly_anon_id", "vero_id", "wt_mc",   "wt.mc_id",   "s_cid",
      "sr_share"};
  if (key.size() > 4 && key.compare(0, 4, "utm_") == 0) return true;
  return std::find(std::begin(kExact), std::end(kExact), key) != std::end(kExact);
}

// RFC 3986 5.2.4 on an encoded path: "." and ".." segments go, every
// other byte (percent-escapes included) stays as the author wrote it.
std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") {
      in.remove_prefix(3);
    } else if (in.substr(0, 2) == "./") {
      in.remove_prefix(2);
    } else if (in.substr(0, 3) == "/./") {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../" || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      std::size_t last = out.rfind('/');
      out.erase(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      std::size_t next = in.find('/', 1);
      if (next == std::string_view::npos) next = in.size();
      out.append(in.substr(0, next));
      in.remove_prefix(next);
    }
  }
  return out;
}

// The path RFC 3986 5.2.2 gives the target of resolving `ref` against
// `base`, from their encoded forms. Boost.URL's resolve runs normalize_path
// on the result, which decodes escapes such as %26 and %21 that name another
// resource to the server than "&" and "!" do.
std::string resolved_path(const boost::urls::url_view& base, const boost::urls::url_view& ref) {
  std::string_view ref_path = ref.encoded_path();
  if (ref.has_authority() || ref_path.substr(0, 1) == "/") return remove_dot_segments(ref_path);
  if (ref_path.empty()) return std::string(base.encoded_path());
  std::string merged;
  std::string_view base_path = base.encoded_path();
  if (base.has_authority() && base_path.empty()) {
    merged = "/";
  } else {
    std::size_t slash = base_path.rfind('/');
    if (slash != std::string_view::npos) merged = base_path.substr(0, slash + 1);
  }
  merged += ref_path;
  return remove_dot_segments(merged);
}

// True when `text` holds `needle` (lower case), ASCII case ignored.
bool contains_folded(std::string_view text, std::string_view needle) {
  auto same = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == static_cast<unsigned char>(b);
  };
  return std::search(text.begin(), text.end(), needle.begin(), needle.end(), same) != text.end();
}

}  // namespace

bool is_absolute_http_url(std::string_view url) { return !http_url_problem(url).has_value(); }

std::string http_url_or_empty(std::string url) {
  if (!is_absolute_http_url(url)) url.clear();
  return url;
}

std::string amp_cache_origin_url(std::string_view input) {
  auto parsed = boost::urls::parse_uri(trim(input));
  if (!parsed) return {};
  std::string host = ascii_lower(parsed->encoded_host());
  bool cache = false;
  for (std::string_view suffix : {".cdn.ampproject.org", ".bing-amp.com"})
    cache = cache || (host.size() > suffix.size() && host.ends_with(suffix));
  if (!cache) return {};
  std::string_view path = parsed->encoded_path();
  if (!path.starts_with("/c/") && !path.starts_with("/v/")) return {};
  path.remove_prefix(3);
  std::string scheme = "http://";
  if (path.starts_with("s/")) {
    scheme = "https://";
    path.remove_prefix(2);
  }
  // The origin's host is the first segment: nothing before it, no userinfo.
  if (path.empty() || path.front() == '/' ||
      path.substr(0, path.find('/')).find('@') != std::string_view::npos)
    return {};
  std::string origin = scheme + std::string(path);
  if (parsed->has_query()) origin += "?" + std::string(parsed->encoded_query());
  return http_url_or_empty(std::move(origin));
}

std::string normalize_url(std::string_view input) {
  std::string_view text = trim(input);
  // A copy in an AMP cache is its origin's page: one story, one key. (Read
  // the cheap way first: nearly no URL is one.)
  if (contains_folded(text, "ampproject.org") || contains_folded(text, "bing-amp.com")) {
    std::string origin = amp_cache_origin_url(text);
    // Once: the origin's URL names a page, not another cache's copy.
    if (!origin.empty() && amp_cache_origin_url(origin).empty()) return normalize_url(origin);
  }
  // parse_uri, not parse_absolute_uri: the latter rejects URLs with a fragment.
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return std::string(text);
  boost::urls::url u(*parsed);
  u.normalize_scheme();
  if (u.scheme() != "http" && u.scheme() != "https") return std::string(text);
  u.normalize_authority();
  // Both schemes name one article; https is what sites redirect to.
  if (u.scheme() == "http") u.set_scheme("https");
  if (u.port() == "80" || u.port() == "443") u.remove_port();
  std::string host = u.host();
  if (host.rfind("amp.", 0) == 0) u.set_host(host.substr(4));
  if (host.rfind("www.", 0) == 0) u.set_host(host.substr(4));
  u.remove_fragment();

  // Drop tracking parameters; keep the others in their order.
  std::vector<std::pair<std::string, std::string>> kept;
  bool had_query = u.has_query();
  for (auto param : u.params()) {
    if (param.key.empty() || is_tracking_parameter(param.key)) continue;
    kept.emplace_back(param.key, param.has_value ? param.value : std::string());
  }
  if (had_query) {
    u.remove_query();
    for (auto& [k, v] : kept) u.params().append({k, v});
  }

  u.normalize_path();
  std::string path(u.encoded_path());
  // AMP pages live at .../amp or .../amp/ beside the article, or under /amp/.
  if (path.rfind("/amp/", 0) == 0 && path.size() > 5) path.erase(0, 4);
  for (std::string_view suffix : {std::string_view("/amp/"), std::string_view("/amp")}) {
    if (path.size() > suffix.size() &&
        path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
      path.erase(path.size() - suffix.size() + 1);
      break;
    }
  }
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (path.empty() || path == "/") {
    // Boost 1.81's set_encoded_path("/") on an empty path writes "/./".
    u.set_encoded_path("");
    u.set_path_absolute(true);
  } else {
    u.set_encoded_path(path);
  }
  return std::string(u.buffer());
}

std::string resolve_url(std::string_view base, std::string_view reference) {
  // Pages link with raw UTF-8, spaces and other characters a URL may not
  // hold ("|", "{"); browsers percent-encode them before resolving, and so
  // must we or the reference does not parse (and is then no link at all).
  std::string encoded;
  for (unsigned char c : trim(reference)) {
    if (c >= 0x80 || c == ' ' || c == '"' || c == '<' || c == '>' || c == '`' || c == '{' ||
        c == '}' || c == '|' || c == '^') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    } else {
      encoded += static_cast<char>(c);
    }
  }
  std::string_view ref = encoded;
  auto r = boost::urls::parse_uri_reference(ref);
  if (!r) return std::string(ref);
  if (r->has_scheme()) return std::string(ref);
  auto b = boost::urls::parse_uri(trim(base));
  if (!b) return std::string(ref);
  boost::urls::url out;
  if (!boost::urls::resolve(*b, *r, out)) return std::string(ref);
  // The link as published: only its dot segments resolved (see above).
  if (std::string path = resolved_path(*b, *r); path != out.encoded_path() && !path.empty())
    out.set_encoded_path(path);
  return std::string(out.buffer());
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The value of the escape %XX at `i`, or -1 when there is none.
int escape_at(std::string_view s, std::size_t i) {
  if (i + 2 >= s.size() || s[i] != '%') return -1;
  int high = hex_value(s[i + 1]), low = hex_value(s[i + 2]);
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

}  // namespace

bool has_non_ascii_escape(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if (escape_at(s, i) >= 0x80) return true;
  return false;
}

std::string decode_non_ascii_escapes(std::string_view url) {
  std::string out;
  out.reserve(url.size());
  for (std::size_t i = 0; i < url.size(); ++i) {
    if (int byte = escape_at(url, i); byte >= 0x80) {
      out += static_cast<char>(byte);
      i += 2;
    } else {
      out += url[i];
    }
  }
  return out;
}

}  // namespace gazette
