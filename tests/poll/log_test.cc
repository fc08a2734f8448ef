// JOURNAL_STREAM is trusted only when it names the stream (poll/log.h).
#include "poll/log.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <string>
#include <vector>

namespace gazette {
namespace {

TEST(JournalStream, MatchesOnlyTheDeviceAndInodeOfTheStream) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  int fd = fileno(file);
  struct stat st {};
  ASSERT_EQ(fstat(fd, &st), 0);
  std::string device = std::to_string(st.st_dev), inode = std::to_string(st.st_ino);
  EXPECT_TRUE(journal_stream_is(device + ":" + inode, fd));
  EXPECT_FALSE(journal_stream_is(device + ":" + std::to_string(st.st_ino + 1), fd));
  EXPECT_FALSE(journal_stream_is(std::to_string(st.st_dev + 1) + ":" + inode, fd));
  const std::vector<std::string> bad = {"",
                                        ":",
                                        "8",
                                        "8:",
                                        ":1234",
                                        "a:b",
                                        device + ":" + inode + "x",
                                        "-1:" + inode,
                                        device + ":" + inode + ":1"};
  for (const std::string& value : bad) EXPECT_FALSE(journal_stream_is(value, fd)) << value;
  std::fclose(file);
}

}  // namespace
}  // namespace gazette
