// The HTTP client's shared host gate (http/shared_host_gate.h) for pollers
// sharing a PostgreSQL store (issue 16): per-host gaps, connection limits and
// 429/503 holds kept across every `gazette run` on that database, through the tables of
// storage/postgres/pg_host_gate.h.
#pragma once

#include <memory>
#include <string>

#include "http/shared_host_gate.h"

namespace gazette {

// The gate for the store `database` names (the `database` setting): for a
// postgresql:// URL, a gate on a connection of its own, whose statements run
// on a thread of its own so the network thread never waits on the database
// (the client awaits the answer); for an SQLite path, null: one process,
// in-process pacing as always. Throws StorageError when it cannot connect.
//
// While the database cannot answer, requests keep the in-process gap and
// limit alone (logged once when it starts and once when it ends).
std::shared_ptr<SharedHostGate> shared_host_gate_for(const std::string& database);

}  // namespace gazette
