#include "feeds/html_document.h"

#include <gumbo.h>

#include <cstddef>
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <vector>

#include "feeds/html_as_xml.h"

namespace gazette {
namespace {

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

// Iterative copy: deeply nested pages must not overflow the stack.
void copy_tree(const GumboNode* root, pugi::xml_node target) {
  struct Frame {
    const GumboNode* node;
    pugi::xml_node parent;
  };
  std::vector<Frame> stack{{root, target}};
  std::string scratch;
  while (!stack.empty()) {
    Frame frame = stack.back();
    stack.pop_back();
    const GumboNode* node = frame.node;
    switch (node->type) {
      case GUMBO_NODE_DOCUMENT:
        break;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        const GumboElement& el = node->v.element;
        pugi::xml_node out = frame.parent.append_child(element_name(el, scratch));
        for (unsigned i = 0; i < el.attributes.length; ++i) {
          auto* attr = static_cast<const GumboAttribute*>(el.attributes.data[i]);
          if (valid_xml_name(attr->name) && !out.attribute(attr->name))
            out.append_attribute(attr->name).set_value(attr->value);
        }
        // Push children in reverse so they are appended in document order.
        for (unsigned i = el.children.length; i-- > 0;)
          stack.push_back({static_cast<const GumboNode*>(el.children.data[i]), out});
        break;
      }
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
        frame.parent.append_child(pugi::node_pcdata).set_value(node->v.text.text);
        break;
      case GUMBO_NODE_CDATA:
        frame.parent.append_child(pugi::node_pcdata).set_value(node->v.text.text);
        break;
      case GUMBO_NODE_COMMENT:
        break;
    }
  }
}

// Small documents (an item's content) are parsed with gumbo allocating from
// one arena that is dropped as a whole: a parse makes thousands of small
// allocations, and malloc/free were a tenth of parsing. Large pages use
// malloc: gumbo frees as it goes, an arena would hold all of it.
constexpr std::size_t kArenaInputLimit = 64 * 1024;
constexpr std::size_t kArenaBlock = 256 * 1024;

void* arena_allocate(void* arena, std::size_t size) {
  return static_cast<std::pmr::memory_resource*>(arena)->allocate(size == 0 ? 1 : size,
                                                                  alignof(std::max_align_t));
}
void arena_free(void*, void*) {}  // released with the arena

}  // namespace

pugi::xml_document parse_html(std::string_view utf8_html) {
  GumboOptions options = kGumboDefaultOptions;
  // Parse errors are not used, and nearly every fragment has some (no
  // doctype, to begin with): not recording them saves an allocation and a
  // copy of the source text each.
  options.max_errors = 0;
  // One block per thread, reused: most small parses never reach malloc.
  thread_local std::unique_ptr<std::byte[]> block(new std::byte[kArenaBlock]);
  std::optional<std::pmr::monotonic_buffer_resource> arena;
  if (utf8_html.size() <= kArenaInputLimit) {
    arena.emplace(block.get(), kArenaBlock);
    options.allocator = arena_allocate;
    options.deallocator = arena_free;
    options.userdata = &*arena;
  }
  GumboOutput* output = gumbo_parse_with_options(&options, utf8_html.data(), utf8_html.size());
  pugi::xml_document doc;
  copy_tree(output->root, doc);
  // With an arena, everything gumbo allocated goes with it.
  if (!arena) gumbo_destroy_output(&options, output);
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
