#include "feeds/opml.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <pugixml.hpp>
#include <sstream>

#include "base/text.h"
#include "base/web_url.h"
#include "feeds/xml_decoding.h"

namespace gazette {
namespace {

int line_of(std::string_view text, std::ptrdiff_t offset) {
  if (offset < 0) return 0;
  auto end = text.begin() + std::min<std::size_t>(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), end, '\n'));
}

// Tags are stored comma-separated, so a comma cannot be part of one.
std::string as_tag(std::string_view name) {
  std::string tag = std::string(trim(name));
  std::replace(tag.begin(), tag.end(), ',', ' ');
  return tag;
}

void add_tag(std::vector<std::string>& tags, const std::string& tag) {
  if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
}

// `category` is a comma-separated list of slash-delimited paths ("/Tech/Linux").
void add_categories(std::vector<std::string>& tags, std::string_view category) {
  std::string segment;
  for (char c : category) {
    if (c == ',' || c == '/') {
      add_tag(tags, as_tag(segment));
      segment.clear();
    } else {
      segment += c;
    }
  }
  add_tag(tags, as_tag(segment));
}

std::string outline_name(pugi::xml_node outline) {
  std::string title = std::string(trim(outline.attribute("title").value()));
  return title.empty() ? std::string(trim(outline.attribute("text").value())) : title;
}

class OutlineWalker {
 public:
  OutlineWalker(std::string_view text, OpmlDocument& out) : text_(text), out_(out) {}

  void walk(pugi::xml_node parent, std::vector<std::string>& folders) {
    for (pugi::xml_node node : parent.children("outline")) {
      int line = line_of(text_, node.offset_debug());
      std::string type = node.attribute("type").value();
      std::transform(type.begin(), type.end(), type.begin(), ::tolower);
      bool page = type == "link";
      std::string url = std::string(trim(node.attribute(page ? "url" : "xmlUrl").value()));
      if (url.empty() && node.child("outline")) {  // a folder
        folders.push_back(as_tag(outline_name(node)));
        walk(node, folders);
        folders.pop_back();
        continue;
      }
      if (url.empty()) {
        problem(line,
                fmt::format("outline {:?} has no {}", outline_name(node), page ? "url" : "xmlUrl"));
        continue;
      }
      // The same check as a URL in the config or typed to `gazette add`,
      // and the same canonical form: one source, one row.
      if (auto why = http_url_problem(url)) {
        problem(line, fmt::format("{} {:?} {}", page ? "url" : "xmlUrl", url_for_log(url), *why));
        continue;
      }
      OpmlOutline outline;
      outline.url = canonical_http_url(url);
      outline.title = outline_name(node);
      if (outline.title == url || outline.title == outline.url)
        outline.title.clear();  // a name that is only the URL
      outline.page = page;
      outline.line = line;
      for (const std::string& folder : folders) add_tag(outline.tags, folder);
      add_categories(outline.tags, node.attribute("category").value());
      out_.outlines.push_back(std::move(outline));
      if (node.child("outline")) walk(node, folders);
    }
  }

 private:
  void problem(int line, std::string message) {
    out_.problems.push_back({line, std::move(message)});
  }

  std::string_view text_;
  OpmlDocument& out_;
};

}  // namespace

OpmlDocument parse_opml(std::string_view bytes) {
  // Decoded as feeds are: a file in another encoding than UTF-8 gave titles
  // that were not UTF-8 (found by fuzz/opml_fuzz.cc). Lines are counted in
  // the decoded text, which keeps every newline.
  std::string utf8;
  std::string_view text = xml_as_utf8(bytes, utf8) ? std::string_view(utf8) : bytes;
  pugi::xml_document doc;
  pugi::xml_parse_result result =
      doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!result)
    throw OpmlError(
        fmt::format("line {}: not XML: {}", line_of(text, result.offset), result.description()));
  pugi::xml_node body = doc.child("opml").child("body");
  if (!body) throw OpmlError("not OPML: no <opml><body> element");
  OpmlDocument out;
  std::vector<std::string> folders;
  OutlineWalker(text, out).walk(body, folders);
  return out;
}

std::string write_opml(const std::vector<OpmlOutline>& outlines, const std::string& title) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node opml = doc.append_child("opml");
  opml.append_attribute("version") = "2.0";
  opml.append_child("head").append_child("title").text() = title.c_str();
  pugi::xml_node body = opml.append_child("body");

  std::map<std::string, pugi::xml_node> folders;
  for (const OpmlOutline& o : outlines) {
    pugi::xml_node parent = body;
    if (!o.tags.empty()) {
      auto [it, added] = folders.try_emplace(o.tags.front());
      if (added) {
        it->second = body.append_child("outline");
        it->second.append_attribute("text") = o.tags.front().c_str();
      }
      parent = it->second;
    }
    pugi::xml_node node = parent.append_child("outline");
    node.append_attribute("type") = o.page ? "link" : "rss";
    node.append_attribute("text") = (o.title.empty() ? o.url : o.title).c_str();
    if (!o.title.empty()) node.append_attribute("title") = o.title.c_str();
    node.append_attribute(o.page ? "url" : "xmlUrl") = o.url.c_str();
    if (!o.tags.empty()) {
      std::string category;
      for (const std::string& tag : o.tags) category += (category.empty() ? "" : ",") + tag;
      node.append_attribute("category") = category.c_str();
    }
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return std::move(out).str();
}

}  // namespace gazette
