// Reading test fixtures, shared by the feeds tests.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace gazette::test_support {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A file of tests/fixtures/feeds/.
inline std::string feeds_fixture(const std::string& name) {
  return read_file(std::string(GAZETTE_TEST_DIR) + "/fixtures/feeds/" + name);
}

}  // namespace gazette::test_support
