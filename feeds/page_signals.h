// Generic clues about page elements and links shared by the article and
// headline extractors. They are the words and URL shapes themes everywhere
// use (Readability's lists, WordPress/Ghost/Blogger conventions), never the
// class names of one theme.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace gazette {

// Length of reader text in code points, each whitespace run counted once,
// leading and trailing whitespace not at all; adds the commas to *commas.
int reader_text_length(std::string_view s, int* commas = nullptr);

// Elements whose content is never reader text (script, style, form, svg...).
bool is_non_content_tag(std::string_view tag);

// Elements a page uses for navigation chrome (nav, footer, aside...).
bool is_chrome_tag(std::string_view tag);

bool is_heading_tag(std::string_view tag);  // h1..h6

// class + id, lower case, space separated; "" when neither is set.
std::string class_and_id(pugi::xml_node el);

// Boilerplate: share bars, comments, related posts, newsletter boxes, ads,
// author boxes, tag lists, prev/next, menus, breadcrumbs, sidebars, footers.
// Judged on class/id words and ARIA roles.
bool looks_like_boilerplate(pugi::xml_node el);

// Navigation chrome around headline lists: menus, breadcrumbs, footers,
// share bars, ads, pagination, comment threads, tag clouds. Narrower than
// looks_like_boilerplate: sidebars and widgets hold real headline lists.
bool looks_like_chrome(pugi::xml_node el);

// Ads in particular: "ad"/"ads"/"advert"/"sponsor" class words, or links
// marked rel="sponsored".
bool looks_like_ad(pugi::xml_node el);

// Readability's class weight: +25 for words like article/content/entry/post,
// -25 for comment/footer/sidebar/related/..., 0 otherwise.
int class_weight(pugi::xml_node el);

// True for hidden elements (hidden attribute, aria-hidden, display:none).
bool is_hidden(pugi::xml_node el);

// URLs of taxonomy and utility pages rather than stories: /category/,
// /tag/, /author/, /page/2, /search, /login, feeds, the site root...
bool is_taxonomy_url(std::string_view absolute_url);

// URLs shaped like a story: a dated path (/2025/10/31/...), a long slug with
// several hyphens, or a long numeric id.
bool is_article_like_url(std::string_view absolute_url);

// Host of an absolute URL, lower case, without "www."; "" when it does not parse.
std::string url_host(std::string_view absolute_url);

// Counts visited nodes so that extraction on a huge page stops after a fixed
// amount of work instead of running for minutes (Readability #977).
struct NodeBudget {
  std::size_t remaining;
  bool exhausted = false;
  bool take() {
    if (remaining == 0) {
      exhausted = true;
      return false;
    }
    --remaining;
    return true;
  }
};

}  // namespace gazette
