// Per-host politeness shared by several processes (issue 16: several
// `gazette run` pollers on one PostgreSQL store). Without a gate the HTTP
// client keeps a host's gap (http/host_pacer.h) and its connection limit
// (http/http_slots.h) within its own process; with one, it also asks the
// gate, so the gap and the limit hold across every poller sharing it, and so
// does a host's hold after it answered one of them 429/503.
//
// The HTTP client knows only this interface: poll/shared_host_gate.h builds
// the PostgreSQL one (storage/postgres/pg_host_gate.h) when the database is
// a postgresql:// URL. Every call may be answered from another thread or
// machine; the client awaits it on its own executor. Calls never throw: a
// gate that cannot answer says so (nullopt, Kind::unavailable), and the
// client then keeps to its in-process gap and limit alone.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>

namespace gazette {

// What SharedHostGate::try_acquire_slot answered.
struct SharedSlotAnswer {
  enum class Kind {
    granted,      // `slot` is this request's until release_slot or the hold runs out
    busy,         // every slot is held: ask again after `retry_after`
    unavailable,  // the gate cannot answer now (its database is unreachable)
  };
  Kind kind = Kind::unavailable;
  int slot = -1;
  std::chrono::milliseconds retry_after{0};
};

// What SharedHostGate::reserve_turn answered.
struct SharedTurnAnswer {
  // How long to wait from now before sending the request.
  std::chrono::milliseconds wait{0};
  // More than 0: the host is held this long from now (a poller sharing the
  // gate met its 429/503, see hold_host): send nothing; no turn was taken.
  std::chrono::milliseconds held{0};
};

class SharedHostGate {
 public:
  virtual ~SharedHostGate() = default;

  // Reserves this request's turn at `host` (a host_key, "host:port"): the
  // answer's wait is how long to wait from now before sending it, so that it
  // starts at least the previous request's gap after that request's start,
  // whichever process sent it. `gap` is what the next request keeps after
  // this one (0: none of its own, as HostPacer::wait_turn). While the host
  // is held (hold_host), the answer says for how long instead, and takes
  // no turn. nullopt: the gate cannot answer now; the client keeps its own
  // pacer's turn for this request.
  virtual boost::asio::awaitable<std::optional<SharedTurnAnswer>> reserve_turn(
      std::string host, std::chrono::milliseconds gap) = 0;

  // Holds `host` (a host_key) for `hold` from now in every process sharing
  // the gate: it answered this one 429/503 (http/host_backoff.h). A longer
  // hold already there stands. Never waits: the gate may do it in the
  // background; a gate that cannot answer leaves the hold to this process.
  virtual void hold_host(std::string host, std::chrono::milliseconds hold) = 0;

  // Takes one of `limit` connection slots of `host` (a pool key,
  // "scheme://host:port") without waiting. A granted slot is held until
  // release_slot, or at most `hold`: the slots of a process that died free
  // themselves when their hold runs out.
  virtual boost::asio::awaitable<SharedSlotAnswer> try_acquire_slot(
      std::string host, int limit, std::chrono::milliseconds hold) = 0;

  // Gives back a slot granted by try_acquire_slot. Never waits: the gate
  // may do it in the background.
  virtual void release_slot(std::string host, int slot) = 0;
};

}  // namespace gazette
