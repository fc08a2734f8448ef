// What one fetched document may cost to parse, and what the limits took
// from it.
//
// Every document up to the fetch size caps must parse in bounded time and
// memory, whatever its markup. The HTML parser is bounded by what it is
// handed (feeds/html_limits.h); everything after it (the DOM copy, text,
// sanitizing, extraction) runs under a CPU budget that our own loops check.
// A DocumentBudget is installed for the parse of one document on the thread
// that parses it; the parsers find it through current_document_budget() and
// record there what they cut or flattened, so the fetch can be flagged.
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

// CPU time one document (a feed with all its items, or a page with its
// extraction) may take on its parse thread. The largest real pages of the
// test corpora take well under a tenth of it; a document that needs more is
// hostile or broken, and fails as a whole (an error on its fetch).
inline constexpr std::chrono::milliseconds kDocumentCpuBudget{3000};

class DocumentBudgetExceeded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class DocumentBudget {
 public:
  // Starts the clock (this thread's CPU time) and becomes the thread's
  // current budget until destroyed. Budgets nest: the innermost counts.
  explicit DocumentBudget(std::chrono::nanoseconds cpu_budget = kDocumentCpuBudget);
  ~DocumentBudget();
  DocumentBudget(const DocumentBudget&) = delete;
  DocumentBudget& operator=(const DocumentBudget&) = delete;

  // Cheap enough for inner loops: reads the clock every 1024th call. Throws
  // DocumentBudgetExceeded once the budget is spent.
  void tick() {
    if (++ticks_ % 1024 == 0) check();
  }
  // Reads the clock now.
  void check();

  // Records that a limit changed the document ("HTML nested deeper than 256
  // elements: flattened"). Each distinct reason is kept once, with a count.
  void warn(std::string_view reason);
  // The warnings joined by "; ", or empty.
  std::string warning() const;

 private:
  struct Reason {
    std::string text;
    int count;
  };
  std::int64_t start_ns_;
  std::int64_t budget_ns_;
  std::uint32_t ticks_ = 0;
  std::vector<Reason> reasons_;
  DocumentBudget* outer_;
};

// The budget of the document being parsed on this thread, or nullptr (a
// parse outside any document, e.g. in a unit test: limits still apply, the
// warnings are dropped and there is no time budget).
DocumentBudget* current_document_budget();

// Shorthands that do nothing without a current budget.
inline void document_budget_tick() {
  if (DocumentBudget* b = current_document_budget()) b->tick();
}
void document_warning(std::string_view reason);

}  // namespace gazette
