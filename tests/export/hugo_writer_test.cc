#include "export/hugo_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "export/hugo_page.h"
#include "export/output_file.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

namespace fs = std::filesystem;

ArticleRecord article(std::int64_t id, std::string title, std::string url) {
  ArticleRecord a;
  a.id = id;
  a.title = std::move(title);
  a.url = std::move(url);
  a.source_url = "https://example.org/feed";
  a.source_title = "Example";
  a.published = "2026-11-20T06:45:00Z";
  a.content_html = "<p>Body of " + a.title + "</p>";
  return a;
}

class HugoExport : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = tmp_.path() / "site"; }

  HugoExportCounts run(const std::vector<ArticleRecord>& articles) {
    HugoWriter writer(dir_);
    for (const ArticleRecord& a : articles) writer.add(a);
    writer.finish();
    return writer.counts();
  }
  std::vector<std::string> files() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }

  test_support::TempDir tmp_;
  fs::path dir_;  // inside tmp_, not created: the writer makes it
};

TEST(HugoPage, SlugsAreLowerCaseAsciiWords) {
  EXPECT_EQ(title_slug("Kim Jong Un, Xi Jinping reaffirm 'strong' ties"),
            "kim-jong-un-xi-jinping-reaffirm-strong-ties");
  EXPECT_EQ(title_slug("Harbor Town's library"), "harbor-towns-library");
  EXPECT_EQ(title_slug("  ¿Qué?  "), "qu");
  EXPECT_EQ(title_slug("日本"), "article");
  EXPECT_LE(title_slug(std::string(200, 'a') + " b").size(), 60u);
}

TEST(HugoPage, FileNameIsSlugAndSixDigitsOfTheUrlHash) {
  ArticleRecord a =
      article(1, "Kim Jong Un, Xi Jinping reaffirm strong ties", "https://n.example/a");
  std::string hash = article_name_hash(a);
  EXPECT_EQ(hugo_file_name(title_slug(a.title), hash, 6),
            "kim-jong-un-xi-jinping-reaffirm-strong-ties-" + hash.substr(0, 6) + ".md");
  a.id = 99;  // the id does not matter, the URL does
  EXPECT_EQ(article_name_hash(a), hash);
}

TEST(HugoPage, FrontMatterStringsAreQuotedAndEscaped) {
  ArticleRecord a = article(1, "Say \"hi\": a \\ test\nnext: line", "https://n.example/a");
  a.summary = "# not a comment";
  a.tags = {"a,b", "c"};
  std::string page = render_hugo_page(a);
  EXPECT_NE(page.find("title: \"Say \\\"hi\\\": a \\\\ test\\nnext: line\"\n"), std::string::npos)
      << page;
  EXPECT_NE(page.find("summary: \"&#35; not a comment\"\n"), std::string::npos) << page;
  EXPECT_NE(page.find("tags: [\"a,b\",\"c\"]\n"), std::string::npos) << page;
  EXPECT_NE(page.find("canonicalURL: \"https://n.example/a\"\n"), std::string::npos) << page;
}

// Issue 10 item 2: whatever a theme does with .Title, .Summary, .Params.*
// or .Content, no markup, Markdown link or shortcode can form.
TEST(HugoPage, PlainTextFieldsCannotFormMarkupLinksOrShortcodes) {
  ArticleRecord a =
      article(1, "<b>T</b> [x](javascript:alert(1)) {{< youtube t >}}", "https://n.example/a");
  a.author = "<img src=x onerror=alert(2)> {{% gist a 1 %}}";
  a.source_title = "<script>s</script>";
  a.tags = {"<i>tag</i>"};
  a.categories = {"[c](javascript:c)"};
  a.summary = "<script>alert(3)</script> [y](javascript:alert(4)) {{< youtube s >}} *em* AT&T";
  std::string page = render_hugo_page(a);
  std::string front = page.substr(0, page.find("\n---\n", 4) + 1);
  // ('[' and ']' also delimit YAML lists: the values are checked below.)
  for (char c : std::string("<>{}")) EXPECT_EQ(front.find(c), std::string::npos) << c << front;
  EXPECT_NE(front.find("title: \"&#60;b&#62;T&#60;/b&#62; &#91;x&#93;(javascript:alert(1)) "
                       "&#123;&#123;&#60; youtube t &#62;&#125;&#125;\"\n"),
            std::string::npos)
      << front;
  EXPECT_NE(front.find("source: \"&#60;script&#62;s&#60;/script&#62;\"\n"), std::string::npos);
  EXPECT_NE(front.find("tags: [\"&#60;i&#62;tag&#60;/i&#62;\"]\n"), std::string::npos);
  EXPECT_NE(front.find("categories: [\"&#91;c&#93;(javascript:c)\"]\n"), std::string::npos);
  // The summary is Markdown to .Summary: every ASCII punctuation character
  // is a reference, so it shows as the text it is.
  EXPECT_NE(front.find("summary: \"&#60;script&#62;alert&#40;3&#41;&#60;&#47;script&#62; "
                       "&#91;y&#93;&#40;javascript&#58;alert&#40;4&#41;&#41; "
                       "&#123;&#123;&#60; youtube s &#62;&#125;&#125; &#42;em&#42; AT&#38;T\"\n"),
            std::string::npos)
      << front;
}

TEST(HugoPage, BodyKeepsItsHtmlButNoShortcodeDelimiter) {
  ArticleRecord a = article(1, "T", "https://n.example/a");
  a.content_html =
      "<p>{{< youtube x >}} {{% gist a 1 %}} {{ .Site }}</p>\n"
      "<a href=\"https://n.example/?q={x}\">{{</* c */>}}</a>";
  std::string page = render_hugo_page(a);
  std::string body = page.substr(page.find("\n---\n", 4) + 5);
  EXPECT_EQ(body.find('{'), std::string::npos) << body;
  EXPECT_NE(body.find("<p>&#123;&#123;< youtube x >}} &#123;&#123;% gist a 1 %}} "
                      "&#123;&#123; .Site }}</p>\n<a href=\"https://n.example/?q=&#123;x}\">"),
            std::string::npos)
      << body;
}

// Issue 10 item 5: only absolute http(s) URLs, whatever the database holds.
TEST(HugoPage, UrlsThatAreNotAbsoluteHttpAreLeftOut) {
  ArticleRecord a = article(1, "T", "javascript:alert(1)");
  a.image_url = "data:image/svg+xml,<svg onload=alert(2)>";
  a.source_url = "file:///etc/passwd";
  a.source_title.clear();
  std::string page = render_hugo_page(a);
  for (const char* bad : {"javascript:", "data:", "file:", "canonicalURL", "image:", "sourceURL"})
    EXPECT_EQ(page.find(bad), std::string::npos) << bad << "\n" << page;
  a.url = "/relative/path";
  a.image_url = "//evil.example/protocol-relative.png";
  a.source_url = "feed.xml";
  page = render_hugo_page(a);
  for (const char* bad : {"relative", "evil", "feed.xml"})
    EXPECT_EQ(page.find(bad), std::string::npos) << bad << "\n" << page;
  a.url = "HTTPS://n.example/a";
  a.image_url = "http://n.example/i.png";
  page = render_hugo_page(a);
  EXPECT_NE(page.find("canonicalURL: \"HTTPS://n.example/a\""), std::string::npos) << page;
  EXPECT_NE(page.find("image: \"http://n.example/i.png\""), std::string::npos) << page;
}

TEST(HugoPage, BodyHasNoBlankLineThatWouldEndTheHtmlBlock) {
  ArticleRecord a = article(1, "T", "https://n.example/a");
  a.content_html = "<pre>one\n\ntwo\n{\n}</pre>\n\n<p>x</p>";
  std::string page = render_hugo_page(a);
  EXPECT_EQ(page.find("\n\n"), std::string::npos) << page;
  EXPECT_NE(page.find("<pre>one\n<!-- -->\ntwo\n&#123;\n}</pre>\n<!-- -->\n<p>x</p>"),
            std::string::npos)
      << page;
}

TEST_F(HugoExport, SecondRunWritesNothingAndGoneArticlesAreRemoved) {
  std::vector<ArticleRecord> articles = {article(1, "One", "https://n.example/1"),
                                         article(2, "Two", "https://n.example/2")};
  HugoExportCounts first = run(articles);
  EXPECT_EQ(first.written, 2);
  std::ofstream(dir_ / "_index.md") << "---\ntitle: mine\n---\n";  // not ours: never touched

  HugoExportCounts second = run(articles);
  EXPECT_EQ(second.written, 0);
  EXPECT_EQ(second.unchanged, 2);

  articles[0].title = "One (updated)";
  articles.pop_back();
  HugoExportCounts third = run(articles);
  EXPECT_EQ(third.written, 1);
  EXPECT_EQ(third.removed, 2);  // the old name of "One", and "Two"
  std::vector<std::string> names = files();
  ASSERT_EQ(names.size(), 3u);
  EXPECT_EQ(names[0], ".gazette-export");
  EXPECT_EQ(names[1], "_index.md");
  EXPECT_TRUE(names[2].starts_with("one-updated-")) << names[2];
}

TEST_F(HugoExport, AFileDeletedBehindItsBackIsWrittenAgain) {
  std::vector<ArticleRecord> articles = {article(1, "One", "https://n.example/1")};
  run(articles);
  fs::path file = dir_ / files()[1];
  fs::remove(file);
  EXPECT_EQ(run(articles).written, 1);
  EXPECT_EQ(*read_file_if_exists(file), render_hugo_page(articles[0]));
}

TEST_F(HugoExport, WithoutAManifestIdenticalFilesAreLeftAlone) {
  std::vector<ArticleRecord> articles = {article(1, "One", "https://n.example/1")};
  run(articles);
  fs::remove(dir_ / ".gazette-export");
  HugoExportCounts again = run(articles);
  EXPECT_EQ(again.written, 0);
  EXPECT_EQ(again.unchanged, 1);
}

TEST_F(HugoExport, ArticlesWithTheSameUrlGetDistinctFiles) {
  EXPECT_EQ(
      run({article(1, "Same", "https://n.example/1"), article(2, "Same", "https://n.example/1")})
          .written,
      2);
  EXPECT_EQ(files().size(), 3u);
}

// Issue 10 item 6: links planted in the folder never make the export write
// (or read) outside it.
TEST_F(HugoExport, ASymlinkPlantedAtAnArticleFileIsRefusedNotFollowed) {
  std::vector<ArticleRecord> articles = {article(1, "One", "https://n.example/1")};
  run(articles);
  fs::path victim = dir_.string() + "-victim";
  std::ofstream(victim) << "precious";
  fs::path file = dir_ / files()[1];
  fs::remove(file);
  fs::create_symlink(victim, file);
  articles[0].content_html = "<p>changed</p>";
  try {
    run(articles);
    ADD_FAILURE() << "the export went through a planted symlink";
  } catch (const ExportError& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
  std::ifstream in(victim);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "precious");
  EXPECT_TRUE(fs::is_symlink(file));
  fs::remove(victim);
}

TEST_F(HugoExport, AFolderThatIsASymlinkIsRefused) {
  fs::path elsewhere = dir_.string() + "-elsewhere";
  fs::create_directories(elsewhere);
  fs::create_symlink(elsewhere, dir_);
  EXPECT_THROW(run({article(1, "One", "https://n.example/1")}), ExportError);
  EXPECT_TRUE(fs::is_empty(elsewhere));
  fs::remove(dir_);
  fs::remove(elsewhere);
}

TEST_F(HugoExport, SymlinksAtPredictableTemporaryNamesAreNotFollowed) {
  std::vector<ArticleRecord> articles = {article(1, "One", "https://n.example/1")};
  const std::string name = hugo_file_name("one", article_name_hash(articles[0]), 6);
  fs::create_directories(dir_);
  fs::path victim = dir_.string() + "-victim";
  std::ofstream(victim) << "precious";
  for (const std::string& planted : {name + ".tmp", std::string(".gazette-export.tmp")})
    fs::create_symlink(victim, dir_ / planted);
  EXPECT_EQ(run(articles).written, 1);
  EXPECT_EQ(*read_file_if_exists(dir_ / name), render_hugo_page(articles[0]));
  std::ifstream in(victim);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "precious");
  fs::remove(victim);
}

TEST_F(HugoExport, AManifestListingForeignPathsIsRefused) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / ".gazette-export") << "0123456789abcdef 10 ../../etc/passwd.md\n";
  EXPECT_THROW(HugoWriter{dir_}, ExportError);
}

}  // namespace
}  // namespace gazette
