// Human-friendly quantities in config files and on the command line:
// durations ("90s", "15m", "1h30m", "2d", "250ms") and sizes ("16MiB",
// "512KiB", "1GB", "1000").
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gazette {

// The largest duration parse_duration accepts: 2^52 ms (about 142,000 years),
// far inside what chrono arithmetic and SQLite integers can hold.
inline constexpr std::chrono::milliseconds kMaxDuration{std::int64_t{1} << 52};

// Why parse_duration or parse_size refused a text: malformed, or well
// formed but too large (so a message can say "at most ..." instead of
// "not a duration").
enum class QuantityProblem { none, malformed, too_large };

// One or more <digits><unit> parts, units d, h, m, s, ms (lower case, so
// "M" can never be mistaken for months), largest unit first, each unit at
// most once: "90s", "1h30m", "2d12h". No bare numbers (is "30" seconds or
// minutes?), no signs, no fractions, no spaces. nullopt on anything else or
// when the total exceeds kMaxDuration; `problem`, when given, says which.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text,
                                                        QuantityProblem* problem = nullptr);

// The inverse of parse_duration for whole seconds, largest unit first and
// zero parts left out: 5400s is "1h30m", 0 is "0s". Negative values are "0s".
std::string format_duration(std::chrono::seconds duration);

// <digits>[unit]: B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB
// (powers of 1024), unit case-insensitive; a bare number is bytes.
// nullopt on anything else or when the value does not fit in 64 bits;
// `problem`, when given, says which.
std::optional<std::uint64_t> parse_size(std::string_view text, QuantityProblem* problem = nullptr);

}  // namespace gazette
