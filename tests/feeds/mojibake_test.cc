#include "feeds/mojibake.h"

#include <gtest/gtest.h>

#include <string>

#include "feeds/charset.h"
#include "feeds/normalize.h"

namespace gazette {
namespace {

std::string repaired(std::string text) {
  repair_mojibake(text);
  return text;
}

TEST(MojibakeTest, DoubleEncodedUtf8IsRepaired) {
  // "Kältewelle" encoded to UTF-8, read as windows-1252, encoded again.
  EXPECT_EQ(repaired("KÃ¤ltewelle"), "Kältewelle");
  // windows-1252's own characters for 0x80..0x9F: „ is E2 80 9E.
  EXPECT_EQ(repaired("KÃ¤ltewelle â€žheuteâ€œ"), "Kältewelle „heute“");
  EXPECT_EQ(repaired("Ã‰tÃ© Ã\xC2\xA0 Paris"), "Été à Paris");  // à: C3 A0, "Ã" + NBSP
  // Read as Latin-1 instead: the C1 code points stand for their bytes.
  EXPECT_EQ(repaired("\xC3\xA2\xC2\x80\xC2\x9E"), "„");
  EXPECT_EQ(repaired("ÐÐ¾Ð²Ð¾ÑÑÐ¸"), "ÐÐ¾Ð²Ð¾ÑÑÐ¸");  // bytes lost: no round trip
  EXPECT_EQ(repaired("ÐÐ¾Ð²Ð¾ÑÑ‚Ð¸"), "ÐÐ¾Ð²Ð¾ÑÑ‚Ð¸");
  EXPECT_EQ(repaired("Ð\xC2\x9DÐ¾Ð²Ð¾Ñ\xC2\x81Ñ‚Ð¸"), "Новости");
}

TEST(MojibakeTest, RepairIsTheInverseOfEncodingTwice) {
  for (std::string text : {"Kältewelle „heute“ – 5 €", "Été à Paris", "Новости", "Œuvre ž š"}) {
    std::string twice = windows1252_as_utf8(text);
    EXPECT_TRUE(repair_mojibake(twice)) << text;
    EXPECT_EQ(twice, text);
  }
}

TEST(MojibakeTest, NormalizeRepairsTheTextFields) {
  FeedItem item;
  item.title = "KÃ¤ltewelle";
  item.author = "JÃ¼rgen MÃ¼ller";
  item.summary_html = "<p>Die KÃ¤lte kommt</p>";
  item.categories = {"WÃ¤rme"};
  normalize_item(item, "https://a.example/feed", 1'764'000'000);
  EXPECT_EQ(item.title, "Kältewelle");
  EXPECT_EQ(item.author, "Jürgen Müller");
  EXPECT_EQ(item.summary_text, "Die Kälte kommt");
  EXPECT_EQ(item.categories, std::vector<std::string>{"Wärme"});
}

TEST(MojibakeTest, CorrectTextIsLeftAlone) {
  for (const char* text :
       {"SÃO PAULO", "São Paulo, Brasília", "Ã frente do Ébola", "Noël à l'Élysée, cœur",
        "Kältewelle in München, Straße", "Новости дня", "東京", "plain ascii", "",
        // Mojibake next to correct text: not the whole value, so not repaired.
        "café KÃ¤ltewelle", "Â", "Ã"}) {
    std::string value = text;
    EXPECT_FALSE(repair_mojibake(value)) << text;
    EXPECT_EQ(value, text);
  }
}

TEST(MojibakeTest, InvalidUtf8IsNotTouched) {
  std::string value = "\xC3\xC3\xA4";
  EXPECT_FALSE(repair_mojibake(value));
  EXPECT_EQ(value, "\xC3\xC3\xA4");
}

}  // namespace
}  // namespace gazette
