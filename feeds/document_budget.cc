#include "feeds/document_budget.h"

#include <fmt/format.h>

#include <ctime>

namespace gazette {
namespace {

thread_local DocumentBudget* current_budget = nullptr;

// This thread's CPU time: a busy machine (other parse threads, other
// processes) must not make a document fail that would pass alone.
std::int64_t thread_cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

}  // namespace

DocumentBudget::DocumentBudget(std::chrono::nanoseconds cpu_budget)
    : start_ns_(thread_cpu_ns()), budget_ns_(cpu_budget.count()), outer_(current_budget) {
  current_budget = this;
}

DocumentBudget::~DocumentBudget() { current_budget = outer_; }

void DocumentBudget::check() {
  std::int64_t used = thread_cpu_ns() - start_ns_;
  if (used > budget_ns_)
    throw DocumentBudgetExceeded(
        fmt::format("parsing took more than its CPU budget of {} ms (stopped after {} ms)",
                    budget_ns_ / 1'000'000, used / 1'000'000));
}

void DocumentBudget::warn(std::string_view reason) {
  for (Reason& r : reasons_)
    if (r.text == reason) {
      ++r.count;
      return;
    }
  reasons_.push_back({std::string(reason), 1});
}

std::string DocumentBudget::warning() const {
  std::string out;
  for (const Reason& r : reasons_) {
    if (!out.empty()) out += "; ";
    out += r.text;
    if (r.count > 1) out += fmt::format(" ({} times)", r.count);
  }
  return out;
}

DocumentBudget* current_document_budget() { return current_budget; }

void document_warning(std::string_view reason) {
  if (DocumentBudget* b = current_budget) b->warn(reason);
}

}  // namespace gazette
