// How much of an HTML document the HTML5 parser may be handed.
//
// gumbo (Debian's 0.10.1) cannot be interrupted and has no limits of its
// own. Its tree construction scans the stack of open elements and the list
// of active formatting elements for nearly every token, so its time grows
// with tokens x nesting: 300,000 unclosed <div> took over 300 s, <b><i>
// repeated grows quadratically, and "<p><b id=N>x</p>" repeated makes it
// clone every formatting element into every paragraph (quadratic time and
// memory). The one lever is its input: a cheap scan of the tags (not a
// tokenizer: no character references, no attribute values, no tree) tracks
// an estimate of those two structures and of the element count, and the
// document is cut before the tag that takes any of them past its cap.
// gumbo then closes what is open at the end, as for a truncated download.
//
// The estimate follows the HTML5 rules that keep real pages shallow (void
// elements, implied end tags of p/li/dd/dt/option/table parts, end tags
// closing what they enclose, the "Noah's Ark" limit of three identical
// formatting elements, raw text of script/style) closely enough that no
// page of the test corpora comes near the caps, and it never counts fewer
// levels than a hostile document builds: an end tag only closes an element
// the scan saw opened and that is in scope.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gazette {

// Caps, with room above what real pages use: no page of Readability's test
// corpus (../shared/corpus/readability) is cut by them.
inline constexpr std::size_t kMaxHtmlBytes = 8u << 20;    // a larger document is cut here
inline constexpr std::size_t kMaxHtmlElements = 200'000;  // start tags
inline constexpr std::size_t kMaxHtmlNesting = 256;       // open elements (estimated)
inline constexpr std::size_t kMaxHtmlFormatting = 64;     // active formatting elements

// The DOM made of any HTML is never deeper than this: the parser's tree is
// copied with deeper elements unwrapped (their content kept, one level up).
// Recursive walks over such a DOM need no other bound.
inline constexpr std::size_t kMaxDomDepth = 512;
// Nodes copied from the parser's tree; the rest is cut. A safety net: the
// element cap above keeps real trees far smaller.
inline constexpr std::size_t kMaxDomNodes = 1'000'000;

struct HtmlCut {
  std::size_t length;  // bytes of the document to hand to the parser
  std::string reason;  // empty when the whole document may be parsed
};

// Where `html` must be cut, if anywhere.
HtmlCut html_parse_limit(std::string_view html);

}  // namespace gazette
