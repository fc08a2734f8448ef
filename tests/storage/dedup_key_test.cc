// The stored form of dedup keys (storage/dedup_key.h): databases written by
// earlier versions hold these exact strings, so the form may not change.
// No database: both engines store these strings (the engine suite,
// store_engine_test.cc, checks what is stored).
#include "storage/dedup_key.h"

#include <gtest/gtest.h>

namespace gazette {
namespace {

TEST(DedupKey, StoredAsTheArticleKeysTextForm) {
  EXPECT_EQ((DedupKey{DedupKey::Kind::url, 0, "https://example.org/a"}.stored()),
            "url:https://example.org/a");
  EXPECT_EQ((DedupKey{DedupKey::Kind::guid, 7, "tag:example.org,2026:1"}.stored()),
            "guid:7:tag:example.org,2026:1");
  EXPECT_EQ((DedupKey{DedupKey::Kind::hash, 12, "ab12"}.stored()), "hash:12:ab12");
}

}  // namespace
}  // namespace gazette
