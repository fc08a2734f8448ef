// Issue 10 item 6: export files are written through exclusively created,
// unpredictable temporary names; nothing but a regular file is renamed over;
// devices and FIFOs the user names are written in place.
#include "export/output_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include "export/article_sink.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void put(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::vector<std::string> names(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) out.push_back(entry.path().filename());
  std::sort(out.begin(), out.end());
  return out;
}

class OutputFile : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = tmp_.path() / "out";
    fs::create_directories(out_);
    victim_ = tmp_.path() / "victim";  // outside the output folder
    put(victim_, "precious");
  }
  test_support::TempDir tmp_;
  fs::path out_;
  fs::path victim_;
};

TEST_F(OutputFile, ReplacesARegularFileAndLeavesNoTemporaryFile) {
  put(out_ / "feed.xml", "old");
  replace_file(out_ / "feed.xml", "new");
  EXPECT_EQ(slurp(out_ / "feed.xml"), "new");
  replace_file(out_ / "other.xml", "created");
  EXPECT_EQ(slurp(out_ / "other.xml"), "created");
  EXPECT_EQ(names(out_), (std::vector<std::string>{"feed.xml", "other.xml"}));
}

TEST_F(OutputFile, ASymlinkAtThePredictableTemporaryNameIsNotFollowed) {
  fs::create_symlink(victim_, out_ / "feed.xml.tmp");
  replace_file(out_ / "feed.xml", "export");
  EXPECT_EQ(slurp(out_ / "feed.xml"), "export");
  EXPECT_EQ(slurp(victim_), "precious");
  EXPECT_TRUE(fs::is_symlink(out_ / "feed.xml.tmp"));
}

TEST_F(OutputFile, TemporaryNamesAreHiddenUnpredictableAndRemovedWithoutCommit) {
  fs::path tmp1, tmp2;
  {
    AtomicOutputFile one(out_ / "feed.xml");
    AtomicOutputFile two(out_ / "feed.xml");
    tmp1 = one.temporary_path();
    tmp2 = two.temporary_path();
    EXPECT_NE(tmp1, tmp2);
    for (const fs::path& tmp : {tmp1, tmp2}) {
      EXPECT_EQ(tmp.parent_path(), out_);
      EXPECT_TRUE(tmp.filename().string().starts_with(".feed.xml.")) << tmp;
      EXPECT_GE(tmp.filename().string().size(), std::string(".feed.xml..tmp").size() + 16);
      EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(tmp))) << tmp;
    }
    one.stream() << "never committed";
  }
  EXPECT_TRUE(names(out_).empty());
}

TEST_F(OutputFile, ASymlinkAtTheTargetIsRefusedAndWhatItPointsToIsUntouched) {
  fs::create_symlink(victim_, out_ / "feed.xml");
  for (SpecialTarget special : {SpecialTarget::refuse, SpecialTarget::write_in_place}) {
    try {
      replace_file(out_ / "feed.xml", "export", special);
      ADD_FAILURE() << "a symlink was replaced or followed";
    } catch (const ExportError& e) {
      EXPECT_NE(std::string(e.what()).find("symbolic link"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(slurp(victim_), "precious");
  EXPECT_TRUE(fs::is_symlink(out_ / "feed.xml"));
  EXPECT_EQ(names(out_), std::vector<std::string>{"feed.xml"});  // no temporary file left
  EXPECT_THROW(read_file_if_exists(out_ / "feed.xml"), ExportError);
}

TEST_F(OutputFile, AFolderIsRefused) {
  fs::create_directories(out_ / "feed.xml");
  EXPECT_THROW(replace_file(out_ / "feed.xml", "x", SpecialTarget::write_in_place), ExportError);
  EXPECT_TRUE(fs::is_directory(out_ / "feed.xml"));
}

TEST_F(OutputFile, AFifoTheUserNamedIsWrittenInPlace) {
  fs::path fifo = out_ / "pipe";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  // The reader opens the FIFO for reading; the writer's open waits for it.
  std::future<std::string> reader = std::async(std::launch::async, [fifo] { return slurp(fifo); });
  try {
    replace_file(fifo, "through the pipe", SpecialTarget::write_in_place);
  } catch (const ExportError& e) {
    ADD_FAILURE() << e.what();
    ::close(::open(fifo.c_str(), O_WRONLY | O_NONBLOCK));  // lets the reader finish
  }
  EXPECT_EQ(reader.get(), "through the pipe");
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));
  EXPECT_EQ(names(out_), std::vector<std::string>{"pipe"});
}

TEST_F(OutputFile, AFifoInsideAFolderTheExportOwnsIsRefusedWithoutWaiting) {
  fs::path fifo = out_ / "article.md";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  // Neither call may block: nobody ever opens the other end.
  EXPECT_THROW(read_file_if_exists(fifo), ExportError);
  EXPECT_THROW(replace_file(fifo, "x"), ExportError);
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));
}

TEST_F(OutputFile, ACharacterDeviceStaysADevice) {
  // A private copy of /dev/null (1,3) when we may make one (root, the case
  // the issue reports); otherwise /dev/null itself, which an unprivileged
  // process could not replace anyway. Either way the check is the same.
  fs::path device = out_ / "null";
  if (mknod(device.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) device = "/dev/null";
  replace_file(device, "discarded", SpecialTarget::write_in_place);
  struct stat st {};
  ASSERT_EQ(lstat(device.c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << device << " is no longer a character device";
  EXPECT_EQ(st.st_rdev, makedev(1, 3));
  EXPECT_THROW(replace_file(device, "x", SpecialTarget::refuse), ExportError);
}

TEST_F(OutputFile, ASymlinkTheUserNamedToADeviceIsWrittenThrough) {
  fs::path link = out_ / "stdout-like";
  fs::create_symlink("/dev/null", link);
  replace_file(link, "discarded", SpecialTarget::write_in_place);
  EXPECT_TRUE(fs::is_symlink(link));
}

TEST_F(OutputFile, AnOutputFolderThatIsASymlinkIsRefused) {
  fs::path elsewhere = tmp_.path() / "elsewhere";
  fs::create_directories(elsewhere);
  fs::create_symlink(elsewhere, out_ / "news");
  EXPECT_THROW(OutputFolder(out_ / "news"), ExportError);
  fs::create_symlink(tmp_.path() / "missing", out_ / "dangling");
  EXPECT_THROW(OutputFolder(out_ / "dangling"), ExportError);
  EXPECT_FALSE(fs::exists(tmp_.path() / "missing"));
  EXPECT_TRUE(fs::is_empty(elsewhere));
}

TEST_F(OutputFile, FilesOfAnOutputFolderStayInIt) {
  OutputFolder folder(out_ / "news");  // created
  replace_file(folder, "a.md", "A");
  EXPECT_EQ(read_file_if_exists(folder, "a.md"), "A");
  for (const char* name : {"../escape.md", "sub/a.md", "..", ".", ""}) {
    EXPECT_THROW(replace_file(folder, name, "x"), ExportError) << name;
    EXPECT_THROW(read_file_if_exists(folder, name), ExportError) << name;
  }
  EXPECT_FALSE(fs::exists(out_ / "escape.md"));
  // The folder is held open: renamed away and replaced by a link to
  // somewhere else, it still gets the files, and the link target nothing.
  fs::path elsewhere = tmp_.path() / "elsewhere";
  fs::create_directories(elsewhere);
  fs::rename(out_ / "news", out_ / "news.moved");
  fs::create_symlink(elsewhere, out_ / "news");
  replace_file(folder, "b.md", "B");
  EXPECT_TRUE(fs::is_empty(elsewhere));
  EXPECT_EQ(slurp(out_ / "news.moved" / "b.md"), "B");
}

TEST_F(OutputFile, ReadsRegularFilesOnly) {
  EXPECT_EQ(read_file_if_exists(out_ / "missing"), std::nullopt);
  put(out_ / "a", "bytes");
  EXPECT_EQ(read_file_if_exists(out_ / "a"), "bytes");
  EXPECT_THROW(read_file_if_exists(out_), ExportError);
}

}  // namespace
}  // namespace gazette
