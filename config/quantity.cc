#include "config/quantity.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string_view>
#include <utility>

namespace gazette {
namespace {

constexpr std::uint64_t kMaxU64 = std::numeric_limits<std::uint64_t>::max();

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Reads the digits at text[pos...] into `value`; false when there are none.
// Sets `overflow` when they do not fit in 64 bits, and reads on, so that the
// rest of the text is still checked for syntax.
bool read_number(std::string_view text, std::size_t& pos, std::uint64_t& value, bool& overflow) {
  std::size_t start = pos;
  value = 0;
  while (pos < text.size() && is_digit(text[pos])) {
    auto digit = static_cast<std::uint64_t>(text[pos] - '0');
    if (value > (kMaxU64 - digit) / 10) overflow = true;
    value = value * 10 + digit;
    ++pos;
  }
  return pos > start;
}

// total += value * factor, false on overflow.
bool add_product(std::uint64_t& total, std::uint64_t value, std::uint64_t factor) {
  if (value != 0 && factor > kMaxU64 / value) return false;
  std::uint64_t product = value * factor;
  if (total > kMaxU64 - product) return false;
  total += product;
  return true;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

struct Unit {
  std::string_view name;
  std::uint64_t factor;
};

// Largest first: parts of a duration must come in this order.
constexpr std::array<Unit, 5> kDurationUnits{{
    {"d", 86'400'000},
    {"h", 3'600'000},
    {"m", 60'000},
    {"s", 1'000},
    {"ms", 1},
}};

constexpr std::array<Unit, 9> kSizeUnits{{
    {"b", 1},
    {"kb", 1'000},
    {"mb", 1'000'000},
    {"gb", 1'000'000'000},
    {"tb", 1'000'000'000'000},
    {"kib", std::uint64_t{1} << 10},
    {"mib", std::uint64_t{1} << 20},
    {"gib", std::uint64_t{1} << 30},
    {"tib", std::uint64_t{1} << 40},
}};

// Records why a parse failed, for callers that asked.
template <typename T>
std::optional<T> refuse(QuantityProblem* problem, QuantityProblem why) {
  if (problem) *problem = why;
  return std::nullopt;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text,
                                                        QuantityProblem* problem) {
  using Result = std::chrono::milliseconds;
  if (text.empty()) return refuse<Result>(problem, QuantityProblem::malformed);
  std::uint64_t total_ms = 0;
  bool overflow = false;
  std::size_t pos = 0;
  // Index of the next unit allowed; enforces "largest first, each once".
  std::size_t next_unit = 0;
  while (pos < text.size()) {
    std::uint64_t value = 0;
    if (!read_number(text, pos, value, overflow))
      return refuse<Result>(problem, QuantityProblem::malformed);
    std::size_t unit_start = pos;
    while (pos < text.size() && is_alpha(text[pos])) ++pos;
    std::string_view unit = text.substr(unit_start, pos - unit_start);
    std::size_t index = next_unit;
    while (index < kDurationUnits.size() && kDurationUnits[index].name != unit) ++index;
    if (index == kDurationUnits.size()) return refuse<Result>(problem, QuantityProblem::malformed);
    if (!add_product(total_ms, value, kDurationUnits[index].factor)) overflow = true;
    next_unit = index + 1;
  }
  if (overflow || total_ms > static_cast<std::uint64_t>(kMaxDuration.count()))
    return refuse<Result>(problem, QuantityProblem::too_large);
  if (problem) *problem = QuantityProblem::none;
  return Result(static_cast<std::int64_t>(total_ms));
}

std::optional<std::uint64_t> parse_size(std::string_view text, QuantityProblem* problem) {
  std::size_t pos = 0;
  std::uint64_t value = 0;
  bool overflow = false;
  if (!read_number(text, pos, value, overflow))
    return refuse<std::uint64_t>(problem, QuantityProblem::malformed);
  std::string_view unit = text.substr(pos);
  std::uint64_t factor = 0;
  if (unit.empty()) {
    factor = 1;
  } else {
    for (const Unit& u : kSizeUnits)
      if (equals_ignoring_case(unit, u.name)) factor = u.factor;
  }
  if (factor == 0) return refuse<std::uint64_t>(problem, QuantityProblem::malformed);
  std::uint64_t total = 0;
  if (overflow || !add_product(total, value, factor))
    return refuse<std::uint64_t>(problem, QuantityProblem::too_large);
  if (problem) *problem = QuantityProblem::none;
  return total;
}

std::string format_duration(std::chrono::seconds duration) {
  std::int64_t left = std::max<std::int64_t>(duration.count(), 0);
  if (left == 0) return "0s";
  std::string out;
  for (auto [unit, seconds] : {std::pair{'d', 86'400}, {'h', 3'600}, {'m', 60}, {'s', 1}}) {
    if (left < seconds) continue;
    out += std::to_string(left / seconds);
    out += unit;
    left %= seconds;
  }
  return out;
}

}  // namespace gazette
