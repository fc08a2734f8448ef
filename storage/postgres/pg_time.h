// Times into PostgreSQL's SQL: the UnixTime the store's callers pass as a
// timestamptz expression.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <pqxx/transaction_base>
#include <string>

#include "feeds/feed_item.h"

namespace gazette {

// to_timestamp(t), with t clamped to the years 0 to 9999 that Gazette's
// times are written in (storage/time_format.h): a cut-off far in the past
// ("--since 100000d", a huge max_age) means "since the beginning" rather than
// an error, PostgreSQL's timestamps ending at 4713 BC.
inline std::string pg_timestamp(pqxx::transaction_base& tx, UnixTime t) {
  constexpr UnixTime kYear0 = -62'167'219'200;      // 0000-01-01T00:00:00Z
  constexpr UnixTime kYear10000 = 253'402'300'800;  // 10000-01-01T00:00:00Z
  return fmt::format("to_timestamp({})", tx.quote(std::clamp(t, kYear0, kYear10000)));
}

}  // namespace gazette
