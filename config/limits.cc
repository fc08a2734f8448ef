#include "config/limits.h"

namespace gazette {

// Messages spell the limits out (here, in config.cc and in the CLI's checks).
static_assert(kMinInterval == std::chrono::minutes(1));
static_assert(kMaxInterval == std::chrono::days(365));
static_assert(kMaxFetchDuration == std::chrono::hours(1));
static_assert(kMaxBodySize == 1024 * 1024 * 1024);

std::string interval_problem(std::chrono::milliseconds interval) {
  if (interval < kMinInterval)
    return "must be at least 1m (sites ban pollers that come more often)";
  if (interval > kMaxInterval)
    return "must be at most 365d (a source polled less than once a year is not being followed)";
  return {};
}

}  // namespace gazette
