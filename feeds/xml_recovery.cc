#include "feeds/xml_recovery.h"

#include <fmt/format.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <mutex>

#include "feeds/charset.h"

namespace gazette {
namespace {

// What the parse's error handler saw. libxml2 reports each error of a
// parse through the context's structured handler, on the parsing thread
// (and never to stderr: XML_PARSE_NOERROR/NOWARNING). The log is found
// through a thread_local because xmlCtxtReadMemory resets the context's
// user fields.
struct ErrorLog {
  std::string first;
  int errors = 0;
};
thread_local ErrorLog* current_log = nullptr;
constexpr std::size_t kMaxMessageBytes = 200;

void record_error(void*, xmlErrorPtr error) {
  ErrorLog* log = current_log;
  if (log == nullptr || error == nullptr) return;
  if (error->level < XML_ERR_ERROR) return;  // warnings are not malformations
  if (log->errors++ > 0) return;
  // The first line only: some messages go on with up to 50 bytes of the
  // document ("CData section not finished\n<p>Never clos..."), cut
  // anywhere in a UTF-8 sequence (fuzz/feed_fuzz.cc found it).
  std::string message = error->message != nullptr ? error->message : "malformed XML";
  message.resize(std::min(message.find('\n'), message.size()));
  while (!message.empty() && message.back() == ' ') message.pop_back();
  // Messages quote the document's names ("tag mismatch: item and channel"),
  // which can be as long as the document: the stored flag stays short.
  if (message.size() > kMaxMessageBytes) {
    std::size_t cut = kMaxMessageBytes;  // at a character's first byte
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
    message.resize(cut);
    message += "...";
  }
  // Whatever libxml2 quoted, the flag is stored as TEXT: valid UTF-8.
  repair_utf8(message);
  log->first = error->line > 0 ? fmt::format("line {}: {}", error->line, message) : message;
}

struct ContextFree {
  void operator()(xmlParserCtxtPtr c) const { xmlFreeParserCtxt(c); }
};
struct DocFree {
  void operator()(xmlDocPtr d) const { xmlFreeDoc(d); }
};
struct BufferFree {
  void operator()(xmlChar* b) const { xmlFree(b); }
};

// Recovery, and only that: no network (XML_PARSE_NONET), no DTD loading or
// entity substitution (neither XML_PARSE_DTDLOAD nor XML_PARSE_NOENT: an
// entity declared in the document stays a reference, and libxml2's own
// amplification checks stop a "billion laughs" in attribute values), no
// XML_PARSE_HUGE (libxml2 keeps its limits: 256 levels of nesting, 10 MB
// text nodes). The text is UTF-8 whatever it declares (XML_PARSE_IGNORE_ENC).
constexpr int kOptions = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                         XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC | XML_PARSE_NOXINCNODE;

}  // namespace

std::optional<RecoveredXml> recover_xml(std::string_view utf8_text) {
  if (utf8_text.empty() || utf8_text.size() > static_cast<std::size_t>(INT_MAX))
    return std::nullopt;
  // libxml2 2.9 wants its global state set up once before threads use it
  // (the parse pool runs several parses at a time).
  static std::once_flag initialized;
  std::call_once(initialized, xmlInitParser);
  std::unique_ptr<xmlParserCtxt, ContextFree> ctxt(xmlNewParserCtxt());
  if (!ctxt) return std::nullopt;
  ErrorLog log;
  current_log = &log;
  ctxt->sax->serror = record_error;  // the context (XML_SAX2_MAGIC) routes its errors here
  std::unique_ptr<xmlDoc, DocFree> doc(xmlCtxtReadMemory(ctxt.get(), utf8_text.data(),
                                                         static_cast<int>(utf8_text.size()),
                                                         nullptr, "UTF-8", kOptions));
  current_log = nullptr;
  if (!doc || xmlDocGetRootElement(doc.get()) == nullptr) return std::nullopt;

  // An internal subset is written back as it was: pugixml skips it, and
  // the entity references it declares stay references (libxml2 substitutes
  // none without XML_PARSE_NOENT), which pugixml keeps as literal text.
  xmlChar* raw = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(doc.get(), &raw, &size, "UTF-8");
  std::unique_ptr<xmlChar, BufferFree> dumped(raw);
  if (!dumped || size <= 0) return std::nullopt;

  RecoveredXml out;
  out.xml.assign(reinterpret_cast<const char*>(raw), static_cast<std::size_t>(size));
  out.reason = log.first.empty() ? "malformed XML" : log.first;
  if (log.errors > 1) out.reason += fmt::format(" (and {} more errors)", log.errors - 1);
  return out;
}

}  // namespace gazette
