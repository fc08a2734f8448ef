#include "feeds/story_terms.h"

#include <algorithm>
#include <array>

namespace gazette {
namespace {

// Words that tell two headlines nothing about whether they report the same
// event: articles, pronouns, auxiliaries, prepositions, and the reporting
// verbs every outlet uses. Sorted, for binary search.
constexpr std::array<std::string_view, 96> kFunctionWords = {
    "about", "after", "again", "against", "all",    "also",  "an",   "and",   "any",  "are",
    "as",    "at",    "be",    "been",    "before", "being", "but",  "by",    "can",  "could",
    "did",   "do",    "does",  "down",    "during", "each",  "for",  "from",  "had",  "has",
    "have",  "he",    "her",   "here",    "his",    "how",   "if",   "in",    "into", "is",
    "it",    "its",   "just",  "may",     "me",     "more",  "most", "my",    "new",  "no",
    "not",   "now",   "of",    "off",     "on",     "one",   "or",   "our",   "out",  "over",
    "said",  "say",   "says",  "she",     "should", "so",    "some", "than",  "that", "the",
    "their", "them",  "then",  "there",   "these",  "they",  "this", "those", "to",   "too",
    "up",    "us",    "was",   "we",      "were",   "what",  "when", "which", "who",  "why",
    "will",  "with",  "would", "yet",     "you",    "your"};

static_assert(std::is_sorted(kFunctionWords.begin(), kFunctionWords.end()));

bool is_function_word(std::string_view word) {
  return std::binary_search(kFunctionWords.begin(), kFunctionWords.end(), word);
}

// The length of the UTF-8 punctuation at `text[i]` that separates words
// (U+00A0, U+2010..U+201F, U+2026, U+2032/U+2033), or 0.
std::size_t separator_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
  };
  if (byte(0) == 0xC2 && byte(1) == 0xA0) return 2;
  if (byte(0) == 0xE2 && byte(1) == 0x80) {
    unsigned c = byte(2);
    if ((c >= 0x90 && c <= 0x9F) || c == 0xA6 || c == 0xB2 || c == 0xB3) return 3;
  }
  return 0;
}

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// "stocks" -> "stock", "stories" -> "story"; "press", "us", "ios" stay.
void drop_plural(std::string& word) {
  if (word.size() > 4 && word.ends_with("ies")) {
    word.resize(word.size() - 3);
    word += 'y';
  } else if (word.size() > 3 && word.back() == 's' && !word.ends_with("ss")) {
    word.pop_back();
  }
}

}  // namespace

std::vector<std::string> story_terms(std::string_view text, std::size_t max_terms) {
  std::vector<std::string> terms;
  std::string word;
  auto finish = [&] {
    if (word.size() > 1 && !is_function_word(word)) {
      drop_plural(word);
      terms.push_back(word);
    }
    word.clear();
  };
  for (std::size_t i = 0; i < text.size() && terms.size() < max_terms;) {
    if (std::size_t n = separator_length(text, i)) {
      finish();
      i += n;
      continue;
    }
    auto c = static_cast<unsigned char>(text[i]);
    if (is_word_byte(c))
      word += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
    else
      finish();
    ++i;
  }
  if (terms.size() < max_terms) finish();
  return terms;
}

}  // namespace gazette
