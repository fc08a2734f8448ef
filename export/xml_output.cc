#include "export/xml_output.h"

#include "export/export_fields.h"

namespace gazette {

void add_xml_declaration(pugi::xml_document& doc) {
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
}

pugi::xml_node add_text_element(pugi::xml_node parent, const char* name, const std::string& text) {
  pugi::xml_node node = parent.append_child(name);
  node.text() = clean_text(text).c_str();
  return node;
}

void save_xml(const pugi::xml_document& doc, std::ostream& out) {
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  out.flush();
}

}  // namespace gazette
