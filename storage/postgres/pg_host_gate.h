// Per-host politeness shared through PostgreSQL by several pollers (issue 16):
// the database side of http/shared_host_gate.h, which poll/shared_host_gate.h
// wraps for the HTTP client (storage/ knows nothing of http/). Two UNLOGGED
// tables of schema 9 hold it (docs/schema.md, "PostgreSQL"):
//   host_turns (host, next_turn, held_until): when the next request to a
//     host may start, and until when it is held (it answered 429/503);
//   host_slots (host, slot, holder, expires): the connection slots in use.
//
// Every call is ONE statement, autocommitted (no BEGIN/COMMIT): one round
// trip, atomic in PostgreSQL, times taken from the database's clock so the
// pollers' clocks never matter. Synchronous: use it from one thread at a time
// (poll/ runs it on a thread of its own, never on the network thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <pqxx/connection>
#include <pqxx/transaction_base>
#include <string>

namespace gazette {

// What reserve_turn answered.
struct PgHostTurn {
  std::chrono::milliseconds wait{0};  // before this request may start
  std::chrono::milliseconds held{0};  // > 0: the host is held this long; no turn taken
};

// Rows of a host left alone this long are deleted by the daily upkeep
// (forget_idle_hosts): past its last turn, hold and slot hold, a row says
// nothing a missing row would not (the next request goes at once), so the
// day is only a margin against churn on hosts polled daily.
inline constexpr std::chrono::hours kHostStateKeep{24};

// Deletes the host_turns and host_slots rows whose every time (next turn,
// hold, slot hold) is more than kHostStateKeep in the past, by the
// database's clock; answers how many. Upkeep only (PgStore::maintain),
// never on a request's path.
std::int64_t forget_idle_hosts(pqxx::transaction_base& tx);

class PgHostGate {
 public:
  // Its own connection to `url` (not the store's: its statements are not
  // part of a poll's transactions). Throws StorageError when it cannot connect.
  explicit PgHostGate(std::string url);
  ~PgHostGate();
  PgHostGate(const PgHostGate&) = delete;
  PgHostGate& operator=(const PgHostGate&) = delete;

  // Takes the next turn of `host`: how long from now this request must wait
  // so that it starts no earlier than the previous turn's start plus that
  // turn's gap; the next turn comes `gap` after this one. 0: at once.
  // While the host is held (hold_host), takes no turn and answers how long
  // the hold still runs instead: the same round trip says both.
  PgHostTurn reserve_turn(const std::string& host, std::chrono::milliseconds gap);

  // Holds `host` for `hold` from now (by the database's clock) for every
  // gate on the database; a hold that ends later stands.
  void hold_host(const std::string& host, std::chrono::milliseconds hold);

  // Takes a free slot of `host` among 0..limit-1 (one never taken, released,
  // or whose holder's hold has run out), held for `hold`; nullopt when all
  // `limit` are held.
  std::optional<int> try_acquire_slot(const std::string& host, int limit,
                                      std::chrono::milliseconds hold);
  // Gives back a slot this gate holds (a slot taken over by another holder
  // after its hold ran out is left alone).
  void release_slot(const std::string& host, int slot);

  // Who this gate is in host_slots.holder: "machine:pid:random", unique per gate.
  const std::string& holder() const { return holder_; }

  // The statements throw StorageError naming the URL (without its
  // password) when the database fails; a broken connection is opened
  // again by the next call.

 private:
  pqxx::connection& connection();
  template <typename Work>
  auto run(const char* what, Work&& work);

  std::string url_;
  std::string holder_;
  std::unique_ptr<pqxx::connection> connection_;
};

}  // namespace gazette
