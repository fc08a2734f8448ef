#include "storage/dedup_key.h"

namespace gazette {

std::string DedupKey::stored() const {
  switch (kind) {
    case Kind::url:
      return "url:" + value;
    case Kind::guid:
      return "guid:" + std::to_string(source_id) + ":" + value;
    case Kind::hash:
      return "hash:" + std::to_string(source_id) + ":" + value;
  }
  return value;
}

}  // namespace gazette
