#include "feeds/html_document.h"

#include <fmt/format.h>
#include <gumbo.h>

#include <cstddef>
#include <cstring>
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <vector>

#include "feeds/charset.h"
#include "feeds/document_budget.h"
#include "feeds/html_as_xml.h"
#include "feeds/html_limits.h"

namespace gazette {
namespace {

// Gumbo's text with its character references decoded. Debian's gumbo 0.10
// turns a numeric reference too large for 32 bits (&#55555555555555555555;)
// into a lone UTF-8 lead byte, not U+FFFD (found by fuzz/feed_fuzz.cc), so
// what it decoded is checked, and repaired when it is not UTF-8.
// `target`: a pugi::xml_node (text) or pugi::xml_attribute.
template <class Target>
void set_utf8_value(Target target, const char* text) {
  std::string_view view(text);
  if (is_valid_utf8(view)) {
    target.set_value(text);
    return;
  }
  std::string repaired(view);
  repair_utf8(repaired);
  target.set_value(repaired.c_str());
}

// Attribute names that are not valid XML names (e.g. "@click", "x:y" from
// odd templates) would make pugixml's output unparsable; skip them.
bool valid_xml_name(const char* name) {
  if (!name || !*name) return false;
  auto first_ok = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  };
  if (!first_ok(static_cast<unsigned char>(name[0]))) return false;
  for (const char* p = name + 1; *p; ++p) {
    unsigned char c = static_cast<unsigned char>(*p);
    if (!(first_ok(c) || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
  }
  return true;
}

const char* element_name(const GumboElement& el, std::string& scratch) {
  if (el.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(el.tag);
  GumboStringPiece piece = el.original_tag;
  gumbo_tag_from_original_text(&piece);
  scratch.assign(piece.data, piece.length);
  for (char& c : scratch) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return valid_xml_name(scratch.c_str()) ? scratch.c_str() : "unknown";
}

// Iterative copy: deeply nested pages must not overflow the stack. Elements
// deeper than kMaxDomDepth are unwrapped (their children go to the deepest
// element kept) and nodes past kMaxDomNodes are cut, so that every walk over
// the DOM afterwards is bounded; the document is flagged either way.
void copy_tree(const GumboNode* root, pugi::xml_node target) {
  struct Frame {
    const GumboNode* node;
    pugi::xml_node parent;
    std::size_t depth;  // of `parent`
  };
  std::vector<Frame> stack{{root, target, 0}};
  std::string scratch;
  std::size_t nodes = 0;
  bool flattened = false;
  DocumentBudget* budget = current_document_budget();
  while (!stack.empty()) {
    Frame frame = stack.back();
    stack.pop_back();
    if (++nodes > kMaxDomNodes) {
      document_warning(fmt::format("more than {} HTML nodes: the rest was cut", kMaxDomNodes));
      break;
    }
    if (budget) budget->tick();
    const GumboNode* node = frame.node;
    switch (node->type) {
      case GUMBO_NODE_DOCUMENT:
        break;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        const GumboElement& el = node->v.element;
        pugi::xml_node out = frame.parent;
        std::size_t depth = frame.depth;
        if (depth < kMaxDomDepth) {
          out = frame.parent.append_child(element_name(el, scratch));
          ++depth;
          for (unsigned i = 0; i < el.attributes.length; ++i) {
            auto* attr = static_cast<const GumboAttribute*>(el.attributes.data[i]);
            if (valid_xml_name(attr->name) && !out.attribute(attr->name))
              set_utf8_value(out.append_attribute(attr->name), attr->value);
          }
        } else {
          flattened = true;
        }
        // Push children in reverse so they are appended in document order.
        for (unsigned i = el.children.length; i-- > 0;)
          stack.push_back({static_cast<const GumboNode*>(el.children.data[i]), out, depth});
        break;
      }
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
        set_utf8_value(frame.parent.append_child(pugi::node_pcdata), node->v.text.text);
        break;
      case GUMBO_NODE_CDATA:
        set_utf8_value(frame.parent.append_child(pugi::node_pcdata), node->v.text.text);
        break;
      case GUMBO_NODE_COMMENT:
        break;
    }
  }
  if (flattened)
    document_warning(
        fmt::format("HTML nested deeper than {} elements: the rest was flattened", kMaxDomDepth));
}

// gumbo allocates from a memory resource that is released as a whole: its
// own gumbo_destroy_output frees the tree recursively, one call per level,
// and a deep tree overflowed the stack (SIGSEGV). Small documents (an item's
// content) use one arena that is dropped at once: a parse makes thousands of
// small allocations, and malloc/free were a tenth of parsing. Large pages use
// a pool that reuses what gumbo frees as it goes (an arena would hold all of
// it); its deallocations need the size, kept in front of each block.
constexpr std::size_t kArenaInputLimit = 64 * 1024;
constexpr std::size_t kArenaBlock = 256 * 1024;
constexpr std::size_t kSizeHeader = alignof(std::max_align_t);

void* arena_allocate(void* arena, std::size_t size) {
  return static_cast<std::pmr::memory_resource*>(arena)->allocate(size == 0 ? 1 : size,
                                                                  alignof(std::max_align_t));
}
void arena_free(void*, void*) {}  // released with the arena

void* pool_allocate(void* pool, std::size_t size) {
  // A whole number of max_align_t: libstdc++'s pool hands out blocks at
  // multiples of the pool's block size, so a 24-byte request came back only
  // 8-aligned (UBSan, found by fuzz/page_fuzz.cc).
  std::size_t total = (size + 2 * kSizeHeader - 1) / kSizeHeader * kSizeHeader;
  auto* block = static_cast<std::byte*>(
      static_cast<std::pmr::memory_resource*>(pool)->allocate(total, alignof(std::max_align_t)));
  std::memcpy(block, &total, sizeof total);
  return block + kSizeHeader;
}
void pool_free(void* pool, void* ptr) {
  if (!ptr) return;
  std::byte* block = static_cast<std::byte*>(ptr) - kSizeHeader;
  std::size_t total;
  std::memcpy(&total, block, sizeof total);
  static_cast<std::pmr::memory_resource*>(pool)->deallocate(block, total,
                                                            alignof(std::max_align_t));
}

}  // namespace

pugi::xml_document parse_html(std::string_view utf8_html) {
  // gumbo's time grows with tokens x nesting: it gets no more than the
  // caps allow (feeds/html_limits.h).
  HtmlCut cut = html_parse_limit(utf8_html);
  if (!cut.reason.empty()) {
    document_warning(cut.reason);
    utf8_html = utf8_html.substr(0, cut.length);
  }
  GumboOptions options = kGumboDefaultOptions;
  // Parse errors are not used, and nearly every fragment has some (no
  // doctype, to begin with): not recording them saves an allocation and a
  // copy of the source text each.
  options.max_errors = 0;
  // One block per thread, reused: most small parses never reach malloc.
  thread_local std::unique_ptr<std::byte[]> block(new std::byte[kArenaBlock]);
  std::optional<std::pmr::monotonic_buffer_resource> arena;
  std::optional<std::pmr::unsynchronized_pool_resource> pool;
  if (utf8_html.size() <= kArenaInputLimit) {
    arena.emplace(block.get(), kArenaBlock);
    options.allocator = arena_allocate;
    options.deallocator = arena_free;
    options.userdata = &*arena;
  } else {
    pool.emplace();
    options.allocator = pool_allocate;
    options.deallocator = pool_free;
    options.userdata = &*pool;
  }
  GumboOutput* output = gumbo_parse_with_options(&options, utf8_html.data(), utf8_html.size());
  pugi::xml_document doc;
  copy_tree(output->root, doc);
  // Never gumbo_destroy_output: everything gumbo allocated goes with the
  // arena or the pool.
  return doc;
}

pugi::xml_document parse_html_fragment(std::string_view utf8_html) {
  // Most feed content is plain XHTML that pugixml reads to the same tree,
  // many times faster (feeds/html_as_xml.h).
  if (std::optional<pugi::xml_document> doc = parse_html_as_xml(utf8_html)) return std::move(*doc);
  // A full parse puts fragment content into <body> (head-only elements such as
  // <meta> may land in <head>, which fragments of feed content rarely carry).
  return parse_html(utf8_html);
}

}  // namespace gazette
