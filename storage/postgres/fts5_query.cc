#include "storage/postgres/fts5_query.h"

#include <fmt/format.h>

#include <vector>

#include "base/text.h"

namespace gazette {
namespace {

// The columns of SQLite's articles_fts, as bits; their lexemes carry these
// weights in articles.search.
constexpr int kTitle = 1;
constexpr int kText = 2;
constexpr int kAllColumns = kTitle | kText;

enum class Tok {
  end,
  lp,
  rp,
  lcp,
  rcp,
  colon,
  comma,
  plus,
  star,
  caret,
  minus,
  string,
  and_,
  or_,
  not_
};

struct Token {
  Tok kind = Tok::end;
  std::string text;     // a string's value; the character of the others
  bool quoted = false;  // a string written "in quotes"
};

// FTS5's barewords: ASCII letters, digits, '_', 0x1A, and every byte of a
// non-ASCII character.
bool is_bareword(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         c == '_' || c == 0x1A;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

class Translator {
 public:
  explicit Translator(std::string_view query) : query_(query) {}

  std::string run() {
    tokenize();
    std::string out = parse_or(kAllColumns);
    if (peek().kind != Tok::end) fail_near(peek());
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& reason) const {
    throw SearchQueryError(fmt::format(
        "search query {:?} is not valid FTS5 syntax ({}); put phrases and words with punctuation "
        "in double quotes, e.g. '\"covid-19\"'",
        query_, reason));
  }
  [[noreturn]] void fail_near(const Token& t) const {
    fail(fmt::format("syntax error near \"{}\"", t.text));
  }
  [[noreturn]] void unsupported(const char* what) const {
    throw SearchQueryError(fmt::format(
        "search query {:?}: {} is not supported on PostgreSQL (docs/querying.md)", query_, what));
  }

  void tokenize() {
    std::size_t i = 0;
    while (i < query_.size()) {
      char c = query_[i];
      if (is_space(c)) {
        ++i;
        continue;
      }
      Token t;
      t.text = std::string(1, c);
      switch (c) {
        case '(':
          t.kind = Tok::lp;
          break;
        case ')':
          t.kind = Tok::rp;
          break;
        case '{':
          t.kind = Tok::lcp;
          break;
        case '}':
          t.kind = Tok::rcp;
          break;
        case ':':
          t.kind = Tok::colon;
          break;
        case ',':
          t.kind = Tok::comma;
          break;
        case '+':
          t.kind = Tok::plus;
          break;
        case '*':
          t.kind = Tok::star;
          break;
        case '^':
          t.kind = Tok::caret;
          break;
        case '-':
          t.kind = Tok::minus;
          break;
        case '"': {
          t.kind = Tok::string;
          t.quoted = true;
          t.text.clear();
          for (++i;; ++i) {
            if (i >= query_.size()) fail("unterminated string");
            if (query_[i] == '"') {
              if (i + 1 < query_.size() && query_[i + 1] == '"') {
                t.text += '"';
                ++i;
                continue;
              }
              break;
            }
            t.text += query_[i];
          }
          break;
        }
        default: {
          if (!is_bareword(static_cast<unsigned char>(c))) fail_near(t);
          std::size_t end = i;
          while (end < query_.size() && is_bareword(static_cast<unsigned char>(query_[end]))) ++end;
          t.kind = Tok::string;
          t.text = std::string(query_.substr(i, end - i));
          // Only these spellings are operators; "and", "Or" are words.
          if (t.text == "AND") t.kind = Tok::and_;
          if (t.text == "OR") t.kind = Tok::or_;
          if (t.text == "NOT") t.kind = Tok::not_;
          i = end - 1;
        }
      }
      tokens_.push_back(std::move(t));
      ++i;
    }
    tokens_.push_back(Token{});  // end, text ""
  }

  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(next_ + ahead, tokens_.size() - 1)];
  }
  const Token& take() {
    const Token& t = peek();
    if (next_ < tokens_.size() - 1) ++next_;
    return t;
  }
  void expect(Tok kind) {
    if (peek().kind != kind) fail_near(peek());
    take();
  }

  // expr OR expr, the loosest.
  std::string parse_or(int columns) {
    std::string out = parse_and(columns);
    while (peek().kind == Tok::or_) {
      take();
      out = fmt::format("({} | {})", out, parse_and(columns));
    }
    return out;
  }

  std::string parse_and(int columns) {
    std::string out = parse_not(columns);
    while (peek().kind == Tok::and_) {
      take();
      out = fmt::format("({} & {})", out, parse_not(columns));
    }
    return out;
  }

  // FTS5's NOT is binary: `a NOT b` is a and not b.
  std::string parse_not(int columns) {
    std::string out = parse_primary(columns);
    while (peek().kind == Tok::not_) {
      take();
      out = fmt::format("({} & !{})", out, parse_primary(columns));
    }
    return out;
  }

  bool at_colset() const {
    return peek().kind == Tok::minus || peek().kind == Tok::lcp ||
           (peek().kind == Tok::string && peek(1).kind == Tok::colon);
  }
  bool at_cnearset() const {
    Tok k = peek().kind;
    return k == Tok::string || k == Tok::minus || k == Tok::lcp || k == Tok::caret;
  }

  // ( expr ) | colset : ( expr ) | phrases with implicit AND between them.
  std::string parse_primary(int columns) {
    if (peek().kind == Tok::lp) {
      take();
      std::string out = parse_or(columns);
      expect(Tok::rp);
      return out;
    }
    std::string first;
    if (at_colset()) {
      int restricted = columns & parse_colset();
      expect(Tok::colon);
      if (peek().kind == Tok::lp) {
        take();
        std::string out = parse_or(restricted);
        expect(Tok::rp);
        return out;  // FTS5: no implicit AND after a group
      }
      first = parse_nearset(restricted);
    } else {
      first = parse_nearset(columns);
    }
    std::string out = first;
    while (at_cnearset()) out = fmt::format("({} & {})", out, parse_cnearset(columns));
    return out;
  }

  std::string parse_cnearset(int columns) {
    if (!at_colset()) return parse_nearset(columns);
    int restricted = columns & parse_colset();
    expect(Tok::colon);
    return parse_nearset(restricted);
  }

  // col | -col | {col col} | -{col col}: the columns named, or all others.
  int parse_colset() {
    bool negated = peek().kind == Tok::minus;
    if (negated) take();
    int named = 0;
    if (peek().kind == Tok::lcp) {
      take();
      if (peek().kind != Tok::string) fail_near(peek());
      while (peek().kind == Tok::string) named |= column(take().text);
      expect(Tok::rcp);
    } else {
      if (peek().kind != Tok::string) fail_near(peek());
      named = column(take().text);
    }
    return negated ? kAllColumns & ~named : named;
  }

  int column(const std::string& name) const {
    std::string lower = ascii_lower(name);
    if (lower == "title") return kTitle;
    if (lower == "content_text") return kText;
    fail(fmt::format("no such column: {}", name));
  }

  std::string parse_nearset(int columns) {
    if (peek().kind == Tok::caret) unsupported("'^' (the first word of a column)");
    if (peek().kind == Tok::string && peek(1).kind == Tok::lp) {
      if (!peek().quoted && peek().text == "NEAR") unsupported("NEAR(...)");
      fail_near(peek());
    }
    return parse_phrase(columns);
  }

  // "a b" + c* ...: the words in this order, each next to the one before.
  std::string parse_phrase(int columns) {
    std::string out;
    for (;;) {
      if (peek().kind != Tok::string) fail_near(peek());
      std::string text = take().text;
      bool prefix = peek().kind == Tok::star;
      if (prefix) take();
      if (!out.empty()) out += " <-> ";
      out += operand(text, prefix, columns);
      if (peek().kind != Tok::plus) break;
      take();
    }
    return out;
  }

  // One quoted tsquery operand: the text is data, never syntax ('' and \\
  // escaped). The weights say the columns: A the title, B the text, C
  // (which no lexeme has) none of them.
  static std::string operand(const std::string& text, bool prefix, int columns) {
    // FTS5 makes only the last word of a phrase a prefix ("harbour fe"*);
    // a tsquery suffix applies to every word of its operand: the last word
    // (after the last white space) gets an operand of its own.
    if (prefix) {
      std::size_t end = text.size();
      while (end > 0 && is_space(text[end - 1])) --end;
      std::size_t start = end;
      while (start > 0 && !is_space(text[start - 1])) --start;
      if (start > 0)
        return operand(text.substr(0, start), false, columns) + " <-> " +
               operand(text.substr(start, end - start), true, columns);
    }
    std::string out = "'";
    for (char c : text) {
      if (c == '\'' || c == '\\') out += c;
      out += c;
    }
    // An empty phrase (""): a word-less operand, which to_tsquery leaves
    // out as FTS5 does ('' alone is a tsquery syntax error).
    if (text.empty()) out += ' ';
    out += "'";
    if (prefix || columns != kAllColumns) {
      out += ':';
      if (prefix) out += '*';
      if (columns == kTitle) out += 'A';
      if (columns == kText) out += 'B';
      if (columns == 0) out += 'C';
    }
    return out;
  }

  std::string_view query_;
  std::vector<Token> tokens_;
  std::size_t next_ = 0;
};

}  // namespace

std::string fts5_to_tsquery(std::string_view query) { return Translator(query).run(); }

}  // namespace gazette
