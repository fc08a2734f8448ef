#include "storage/postgres/pg_host_gate.h"

#include <fmt/format.h>

#include <exception>
#include <pqxx/except>
#include <pqxx/nontransaction>

#include "config/database_url.h"
#include "storage/database.h"
#include "storage/postgres/pg_database.h"
#include "storage/postgres/pg_holder.h"

namespace gazette {
namespace {

// Each statement is atomic on its own, so each runs outside any
// transaction block. clock_timestamp(), not now(): an upsert that waited for
// another poller's row lock must count from when it got it.

// The turn: the later of the host's next turn and now is this request's
// start; the next turn is `gap` after it. Answers the wait from now, and how
// long the host is still held (0: not held). A held host's turn is not
// taken: the request is not sent. (The hold is looked at twice, in SET and
// in RETURNING, a few microseconds apart; a hold ending between the two
// lets one request go without moving the next turn, never the reverse.)
constexpr const char* kReserveTurn = R"sql(
INSERT INTO host_turns AS t (host, next_turn)
VALUES ($1, clock_timestamp() + $2::bigint * interval '1 millisecond')
ON CONFLICT (host) DO UPDATE
  SET next_turn = CASE WHEN t.held_until > clock_timestamp() THEN t.next_turn
                       ELSE greatest(t.next_turn, clock_timestamp())
                            + $2::bigint * interval '1 millisecond' END
RETURNING greatest(0, ceil(extract(epoch FROM t.next_turn - clock_timestamp()) * 1000) - $2::bigint)::bigint,
          CASE WHEN t.held_until > clock_timestamp()
               THEN ceil(extract(epoch FROM t.held_until - clock_timestamp()) * 1000)
               ELSE 0 END::bigint
)sql";

// A hold: the host is not asked before held_until, by any poller; a later
// hold already there stands.
constexpr const char* kHoldHost = R"sql(
INSERT INTO host_turns AS t (host, next_turn, held_until)
VALUES ($1, clock_timestamp(), clock_timestamp() + $2::bigint * interval '1 millisecond')
ON CONFLICT (host) DO UPDATE
  SET held_until = greatest(t.held_until, excluded.held_until)
)sql";

// A slot: the lowest-numbered one nobody holds, taken by inserting its row or
// by taking over a row whose hold has run out. Two pollers choosing the same
// free slot at once meet on the primary key: the second's conflict update
// finds the first's fresh hold and returns no row (it then asks again).
constexpr const char* kAcquireSlot = R"sql(
INSERT INTO host_slots AS h (host, slot, holder, expires)
SELECT $1, s, $3, clock_timestamp() + $4::bigint * interval '1 millisecond'
  FROM generate_series(0, $2::int - 1) AS s
 WHERE NOT EXISTS (SELECT 1 FROM host_slots o
                    WHERE o.host = $1 AND o.slot = s AND o.expires > clock_timestamp())
 ORDER BY s
 LIMIT 1
ON CONFLICT (host, slot) DO UPDATE
  SET holder = excluded.holder, expires = excluded.expires
  WHERE h.expires <= clock_timestamp()
RETURNING slot
)sql";

// Whether any of the first `limit` slots is free: asked only after losing a race.
constexpr const char* kFreeSlots = R"sql(
SELECT $2::int - count(*) FROM host_slots
 WHERE host = $1 AND slot < $2::int AND expires > clock_timestamp()
)sql";

constexpr const char* kReleaseSlot =
    "DELETE FROM host_slots WHERE host = $1 AND slot = $2 AND holder = $3";

}  // namespace

std::int64_t forget_idle_hosts(pqxx::transaction_base& tx) {
  // greatest() passes over a NULL held_until (never held).
  const long long keep = std::chrono::seconds(kHostStateKeep).count();
  std::int64_t forgotten = tx.exec_params(
                                 "DELETE FROM host_turns WHERE greatest(next_turn, held_until) "
                                 "< now() - $1::bigint * interval '1 second'",
                                 keep)
                               .affected_rows();
  forgotten += tx.exec_params(
                     "DELETE FROM host_slots "
                     "WHERE expires < now() - $1::bigint * interval '1 second'",
                     keep)
                   .affected_rows();
  return forgotten;
}

PgHostGate::PgHostGate(std::string url) : url_(std::move(url)), holder_(new_pg_holder()) {
  connection();
}

PgHostGate::~PgHostGate() = default;

pqxx::connection& PgHostGate::connection() {
  if (!connection_) {
    connection_ = connect_postgres(url_);
    connection_->prepare("gazette_reserve_turn", kReserveTurn);
    connection_->prepare("gazette_hold_host", kHoldHost);
    connection_->prepare("gazette_acquire_slot", kAcquireSlot);
    connection_->prepare("gazette_free_slots", kFreeSlots);
    connection_->prepare("gazette_release_slot", kReleaseSlot);
  }
  return *connection_;
}

template <typename Work>
auto PgHostGate::run(const char* what, Work&& work) {
  try {
    pqxx::nontransaction tx(connection());
    return work(tx);
  } catch (const pqxx::broken_connection& e) {
    connection_.reset();  // the next call connects again
    throw StorageError(
        fmt::format("{}: {}: connection lost: {}", database_for_log(url_), what, e.what()));
  } catch (const StorageError&) {
    throw;
  } catch (const std::exception& e) {
    throw StorageError(fmt::format("{}: {}: {}", database_for_log(url_), what, e.what()));
  }
}

PgHostTurn PgHostGate::reserve_turn(const std::string& host, std::chrono::milliseconds gap) {
  const long long gap_ms = std::max<long long>(0, gap.count());
  return run(("host turn of " + host).c_str(), [&](pqxx::nontransaction& tx) {
    pqxx::result r = tx.exec_prepared("gazette_reserve_turn", host, gap_ms);
    return PgHostTurn{std::chrono::milliseconds(r[0][0].as<long long>()),
                      std::chrono::milliseconds(r[0][1].as<long long>())};
  });
}

void PgHostGate::hold_host(const std::string& host, std::chrono::milliseconds hold) {
  if (hold.count() <= 0) return;
  run(("holding " + host).c_str(), [&](pqxx::nontransaction& tx) {
    tx.exec_prepared("gazette_hold_host", host, static_cast<long long>(hold.count()));
    return 0;
  });
}

std::optional<int> PgHostGate::try_acquire_slot(const std::string& host, int limit,
                                                std::chrono::milliseconds hold) {
  const int slots = std::max(1, limit);
  const long long hold_ms = std::max<long long>(1, hold.count());
  return run(("connection slot of " + host).c_str(), [&](pqxx::nontransaction& tx) {
    // A lost race leaves a slot taken that looked free; another may still be.
    for (int attempt = 0; attempt < slots; ++attempt) {
      pqxx::result r = tx.exec_prepared("gazette_acquire_slot", host, slots, holder_, hold_ms);
      if (!r.empty()) return std::optional<int>(r[0][0].as<int>());
      if (tx.exec_prepared("gazette_free_slots", host, slots)[0][0].as<int>() <= 0) break;
    }
    return std::optional<int>();
  });
}

void PgHostGate::release_slot(const std::string& host, int slot) {
  run(("releasing a connection slot of " + host).c_str(), [&](pqxx::nontransaction& tx) {
    tx.exec_prepared("gazette_release_slot", host, slot, holder_);
    return 0;
  });
}

}  // namespace gazette
