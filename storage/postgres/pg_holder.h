// Who a store or a host gate is in the PostgreSQL tables several pollers
// share (source_leases.holder, host_slots.holder), for the operator and for
// telling one's own rows from another poller's.
#pragma once

#include <string>

namespace gazette {

// "machine:pid:token", the token 16 hex digits drawn from std::random_device
// at each call: one call per object, so two stores (or gates) of one process
// are two holders (tests run several pollers in one process), and so is a
// later process that gets the same pid. No counter, no global state: two
// draws of one process meet with probability 2^-64.
std::string new_pg_holder();

}  // namespace gazette
