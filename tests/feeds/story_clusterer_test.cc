#include "feeds/story_clusterer.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "feeds/story_terms.h"

namespace gazette {
namespace {

constexpr UnixTime kT0 = 1'764'500'000;
constexpr UnixTime kHour = 3600;
constexpr UnixTime kDay = 86400;

// Assigns articles in order, as the store thread does; returns each one's story.
class Stream {
 public:
  explicit Stream(StoryParams params = {}) : clusterer_(params) {}
  std::int64_t add(std::string_view title, UnixTime time, std::string_view lead = {}) {
    StoryArticle a{title, lead, time};
    std::optional<std::int64_t> s = clusterer_.match(a);
    std::int64_t id = s ? *s : next_++;
    clusterer_.add(id, a);
    return id;
  }
  // Unrelated news of the same hours, so that document frequencies are those of
  // a real stream, not of three articles.
  void background(UnixTime time) {
    for (const char* title :
         {"Rain expected across the north on Thursday", "Local council approves new cycle lanes",
          "Football: City beat United two goals to one", "Airline cancels flights as pilots strike",
          "Museum reopens after two-year renovation", "Police appeal for witnesses after robbery",
          "Electric car sales double in a year", "Film festival announces its jury",
          "Hospital waiting times rise again", "Tech shares lead market rally in Asia"})
      add(title, time);
  }
  const StoryClusterer& clusterer() const { return clusterer_; }

 private:
  StoryClusterer clusterer_;
  std::int64_t next_ = 1;
};

TEST(StoryTerms, FoldsCaseDropsFunctionWordsAndPlurals) {
  EXPECT_EQ(story_terms("The Stocks of Apple's stories, after the FED says", 100),
            (std::vector<std::string>{"stock", "apple", "story", "fed"}));
  // Typographic quotes and dashes separate words like their ASCII forms.
  EXPECT_EQ(story_terms("Bieber\u2019s \u201cPurpose\u201d\u2014tour", 100),
            (std::vector<std::string>{"bieber", "purpose", "tour"}));
  // Other UTF-8 is kept inside words.
  EXPECT_EQ(story_terms("Zürich élection", 100), (std::vector<std::string>{"zürich", "élection"}));
  EXPECT_EQ(story_terms("press us ios glass", 100),
            (std::vector<std::string>{"press", "ios", "glass"}));
  EXPECT_EQ(story_terms("one two three four five", 2), (std::vector<std::string>{"two", "three"}));
  EXPECT_TRUE(story_terms("", 10).empty());
  // Invalid UTF-8 and control bytes are words or separators, never a crash.
  EXPECT_EQ(story_terms("\xff\xfe ab\x01"
                        "cd",
                        10),
            (std::vector<std::string>{"\xff\xfe", "ab", "cd"}));
}

TEST(StoryClusterer, TheSameEventFromThreeOutletsIsOneStory) {
  Stream s;
  s.background(kT0 - 2 * kHour);
  std::int64_t a = s.add("Fed's Plosser says bad weather curbed job growth", kT0,
                         "Philadelphia Fed president Charles Plosser said the winter weather "
                         "explained weak hiring.");
  s.background(kT0 + kHour);
  std::int64_t b = s.add("Plosser: winter, not the economy, slowed hiring", kT0 + 2 * kHour,
                         "Charles Plosser of the Federal Reserve blamed the weather for the "
                         "jobs report.");
  std::int64_t c = s.add("Fed official blames weather for weak jobs report", kT0 + 5 * kHour,
                         "Plosser said the Fed should keep tapering.");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c);
}

TEST(StoryClusterer, TwoEventsSharingAWordAreTwoStories) {
  Stream s;
  s.background(kT0 - kHour);
  std::int64_t company = s.add("Apple unveils thinner iPhone at Cupertino event", kT0,
                               "Apple showed its new phone and a smaller watch.");
  std::int64_t company2 = s.add("Apple's new iPhone: what Cupertino announced", kT0 + kHour,
                                "The iPhone event brought a thinner phone.");
  std::int64_t harvest = s.add("Early frost hits Washington apple harvest", kT0 + kHour,
                               "Growers say the apple crop in orchards fell by a third.");
  EXPECT_EQ(company, company2);
  EXPECT_NE(company, harvest);
}

TEST(StoryClusterer, AnArticleRepublishedAWeekLaterStartsANewStory) {
  Stream s;
  s.background(kT0);
  std::int64_t first = s.add("Council approves harbour bridge plan", kT0, "The vote was 7 to 2.");
  std::int64_t again =
      s.add("Council approves harbour bridge plan", kT0 + 7 * kDay, "The vote was 7 to 2.");
  EXPECT_NE(first, again);
  // The same text the next morning still joins (the window is three days).
  Stream t;
  t.background(kT0);
  EXPECT_EQ(t.add("Council approves harbour bridge plan", kT0),
            t.add("Council approves harbour bridge plan", kT0 + 10 * kHour));
}

TEST(StoryClusterer, WhatLeavesTheWindowIsForgotten) {
  Stream s;
  for (int day = 0; day < 30; ++day) s.background(kT0 + day * kDay);
  // Thirty days of the same ten headlines: only the window's stories and terms stay.
  EXPECT_LE(s.clusterer().stories(), 40u);
  EXPECT_LE(s.clusterer().terms(), 80u);
}

TEST(StoryClusterer, ArticlesWithoutWordsStartStoriesOfTheirOwn) {
  Stream s;
  std::int64_t a = s.add("", kT0);
  std::int64_t b = s.add("!!! ???", kT0);
  EXPECT_NE(a, b);
}

TEST(StoryClusterer, TheThresholdDecides) {
  StoryParams strict;
  strict.threshold = 1.0;
  Stream s(strict);
  s.background(kT0);
  // Nearly the same headline, yet below a threshold of 1.
  EXPECT_NE(s.add("Airline cancels more flights as pilots strike again", kT0),
            s.add("Airline cancels flights as pilots strike for second day", kT0));
}

// A headline no other article shares a word with: `words` words made of
// consonants (no vowel, no final "s": never a function word nor a plural).
std::string distinct_headline(int article, int words) {
  static constexpr std::string_view kLetters = "bcdfghjklmnpqrtvwxz";
  std::string out;
  for (int w = 0; w < words; ++w) {
    if (w) out += ' ';
    out += kLetters[static_cast<std::size_t>(w) % kLetters.size()];
    for (int n = article; n > 0; n /= static_cast<int>(kLetters.size()))
      out += kLetters[static_cast<std::size_t>(n) % kLetters.size()];
    out += 'k';
  }
  return out;
}

TEST(StoryClusterer, TheCapHoldsOnALongStreamOfDistinctArticles) {
  StoryParams capped;
  capped.max_stories = 300;
  Stream s(capped);
  // A minute's worth of a big daemon, all inside the window: nothing ages out.
  for (int i = 0; i < 5000; ++i) {
    s.add(distinct_headline(i, 6), kT0 + i / 100);
    ASSERT_LE(s.clusterer().stories(), 300u) << "after article " << i;
    ASSERT_LE(s.clusterer().articles(), 300u) << "after article " << i;
  }
  EXPECT_EQ(s.clusterer().stories(), 300u);
  // The forgotten stories' articles left the document frequencies: the
  // terms are those of the 300 articles held, six each.
  EXPECT_EQ(s.clusterer().terms(), 300u * 6);
}

TEST(StoryClusterer, StoriesBehindTheWindowLeaveEvenWhenTheNewestTimeStandsStill) {
  // One article dated now, then a backlog of old ones, each a day's window
  // behind it (a feed's archive): the newest time never moves, and none of
  // the backlog's stories may stay.
  Stream s;
  s.add("Council approves harbour bridge plan", kT0 + 30 * kDay);
  for (int i = 0; i < 2000; ++i) {
    s.add(distinct_headline(i, 5), kT0 + 10 * kDay - i * 600);
    ASSERT_LE(s.clusterer().stories(), 1u) << "after article " << i;
  }
  EXPECT_EQ(s.clusterer().articles(), 1u);
  EXPECT_EQ(s.clusterer().terms(), 5u);  // council approve harbour bridge plan
}

TEST(StoryClusterer, TheByteBoundHoldsWhateverTheStoriesHold) {
  StoryParams capped;
  capped.max_bytes = 2u << 20;
  Stream s(capped);
  std::size_t most = 0;
  for (int i = 0; i < 5000; ++i) {
    // Stories of several articles each (the same words, a day's hours apart)
    // and long leads: bytes, not the count of stories, are what binds.
    std::string headline = distinct_headline(i / 4, 8);
    s.add(headline, kT0 + i, distinct_headline(i, 30));
    ASSERT_LE(s.clusterer().memory_bytes(), capped.max_bytes) << "after article " << i;
    most = std::max(most, s.clusterer().stories());
  }
  EXPECT_GT(most, 50u);  // the bound keeps a useful window, not one story
  EXPECT_LT(s.clusterer().stories(), capped.max_stories);
}

TEST(StoryClusterer, NearTheCapTheOldestStoryIsForgottenFirst) {
  StoryParams capped;
  capped.max_stories = 200;
  Stream s(capped);
  s.background(kT0);  // ten stories
  std::int64_t bridge = s.add("Council approves harbour bridge plan", kT0 + kHour);
  for (int i = 0; s.clusterer().stories() < 200; ++i)
    s.add(distinct_headline(i, 5), kT0 + 2 * kHour);
  // Full, nothing forgotten yet: the same news still joins its story...
  EXPECT_EQ(s.add("Harbour bridge plan approved by council", kT0 + 3 * kHour), bridge);
  // ...and ten more stories forget the oldest ten, the background's, first.
  for (int i = 0; i < 10; ++i) s.add(distinct_headline(1000 + i, 5), kT0 + 4 * kHour);
  EXPECT_EQ(s.add("Harbour bridge plan approved by council", kT0 + 4 * kHour), bridge);
  EXPECT_EQ(s.clusterer().stories(), 200u);
  // Rain's story was forgotten: its headline starts a new one, then three
  // hundred newer stories forget it and the bridge's.
  std::int64_t rain = s.add("Rain expected across the north on Thursday", kT0 + 4 * kHour);
  for (int i = 0; i < 300; ++i) s.add(distinct_headline(2000 + i, 5), kT0 + 5 * kHour);
  EXPECT_NE(s.add("Council approves harbour bridge plan", kT0 + 5 * kHour), bridge);
  EXPECT_NE(s.add("Rain expected across the north on Thursday", kT0 + 5 * kHour), rain);
  EXPECT_EQ(s.clusterer().stories(), 200u);
}

}  // namespace
}  // namespace gazette
