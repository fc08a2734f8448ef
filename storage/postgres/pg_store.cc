#include "storage/postgres/pg_store.h"

#include <fmt/format.h>

#include "config/database_url.h"
#include "storage/postgres/pg_database.h"
#include "storage/postgres/pg_holder.h"
#include "storage/postgres/pg_migrations.h"
#include "storage/postgres/pg_story_state.h"

namespace gazette {

PgStore::PgStore(const std::string& url, OpenMode mode)
    : location_(database_for_log(url)),
      connection_(mode == OpenMode::read_write ? open_postgres_database(url)
                                               : connect_postgres(url)),
      lease_holder_(new_pg_holder()) {
  if (mode == OpenMode::read_only) {
    // Readers need the schema this Gazette knows, as open_database insists.
    int version = postgres_schema_version(*connection_);
    if (version != current_postgres_schema_version())
      throw StorageError(fmt::format("{}: schema version {}, this Gazette reads {}", location_,
                                     version, current_postgres_schema_version()));
  }
}

PgStore::~PgStore() = default;

void PgStore::in_transaction(const std::function<void()>& writes) {
  if (open_transaction_) {  // nested: part of the one already open
    writes();
    return;
  }
  pqxx::work transaction(*connection_);
  open_transaction_ = &transaction;
  try {
    writes();
  } catch (...) {
    open_transaction_ = nullptr;
    throw;  // the work's destructor rolls back
  }
  open_transaction_ = nullptr;
  transaction.commit();
}

void PgStore::with_transaction(const std::function<void(pqxx::work&)>& work) {
  if (open_transaction_) {
    work(*open_transaction_);
    return;
  }
  pqxx::work transaction(*connection_);
  work(transaction);
  transaction.commit();
}

}  // namespace gazette
