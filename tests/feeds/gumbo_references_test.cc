// Character references gumbo decodes must come out as UTF-8 (Debian's
// gumbo 0.10 turns an overflowing numeric reference into a lone lead byte).
#include <gtest/gtest.h>

#include <string>

#include "feeds/charset.h"
#include "feeds/html_document.h"
#include "feeds/html_sanitizer.h"

namespace gazette {
namespace {

TEST(GumboReferences, OverflowingNumericReferencesBecomeUtf8) {
  // The '<' inside the attribute sends the fragment to gumbo.
  for (const char* html :
       {"<p><img alt=\"a<b &#55555555555555555555; c\"> x &#55555555555555555555; y</p>",
        "<div>&#x5555555555555555555555;<br>text</div>"}) {
    pugi::xml_document doc = parse_html_fragment(html);
    std::string out = sanitize_node(doc.child("html").child("body"), "https://a.example/");
    EXPECT_TRUE(is_valid_utf8(out)) << html << " -> " << out;
  }
}

}  // namespace
}  // namespace gazette
