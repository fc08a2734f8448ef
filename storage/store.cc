#include "storage/store.h"

#include "config/database_url.h"

namespace gazette {

StoreEngine store_engine_of(std::string_view database) {
  return is_postgresql_url(database) ? StoreEngine::postgresql : StoreEngine::sqlite;
}

}  // namespace gazette
