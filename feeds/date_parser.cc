#include "feeds/date_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <string>

#include "base/text.h"
#include "feeds/date_names.h"

namespace gazette {
namespace {

// A cursor over the date text with the small lexing steps both formats need.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  bool done() const { return pos_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[pos_]; }
  void skip_spaces() {
    while (!done() && (std::isspace(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == ','))
      ++pos_;
  }
  bool accept(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  // Reads 1..max_digits digits.
  bool number(int& out, int max_digits, int* digits_read = nullptr) {
    int n = 0, v = 0;
    while (!done() && n < max_digits && std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
      v = v * 10 + (s_[pos_] - '0');
      ++pos_;
      ++n;
    }
    if (digits_read) *digits_read = n;
    if (n == 0) return false;
    out = v;
    return true;
  }
  // The next word, lower case, without consuming it.
  std::string peek_word() const {
    Scanner copy = *this;
    return copy.word();
  }
  // Letters, ASCII ones lower-cased; bytes of UTF-8 sequences count as
  // letters (month names in other scripts).
  std::string word() {
    std::string w;
    while (!done() && is_letter(s_[pos_]))
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(s_[pos_++])));
    return w;
  }
  static bool is_letter(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
  }
  // "(UTC)", "(Pacific Standard Time)": RFC 2822 comments after the zone.
  void skip_comment() {
    if (peek() != '(') return;
    std::size_t close = s_.find(')', pos_);
    pos_ = close == std::string_view::npos ? s_.size() : close + 1;
  }
  void skip_fraction() {
    if (peek() == '.' || peek() == ',') {
      ++pos_;
      while (!done() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

std::optional<UnixTime> to_unix(int y, int mo, int d, int h, int mi, int s, int offset_seconds) {
  using namespace std::chrono;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s > 60) return std::nullopt;
  if (h == 24 && (mi != 0 || s != 0)) return std::nullopt;  // 24:00:00 is the next midnight
  if (s == 60) s = 59;                                      // leap second: close enough
  std::int64_t days_since_epoch = sys_days{ymd}.time_since_epoch().count();
  return days_since_epoch * 86400 + h * 3600 + mi * 60 + s - offset_seconds;
}

// Zone after the time: +0530, +05:30, -08, Z, GMT, UTC, UT, EST...; none = UTC.
bool parse_zone(Scanner& in, int& offset) {
  in.skip_spaces();
  offset = 0;
  if (in.done()) return true;
  char c = in.peek();
  if (c == '+' || c == '-') {
    in.accept(c);
    int hh = 0, mm = 0, digits = 0;
    if (!in.number(hh, 4, &digits)) return false;
    if (digits == 4) {
      mm = hh % 100;
      hh /= 100;
    } else if (digits == 3) {
      mm = hh % 100;
      hh /= 100;
    } else if (in.accept(':')) {
      if (!in.number(mm, 2)) return false;
    }
    if (hh > 14 || mm > 59) return false;
    offset = (hh * 3600 + mm * 60) * (c == '-' ? -1 : 1);
    return true;
  }
  std::string zone = in.word();
  std::optional<int> minutes = zone_offset_minutes(zone);
  if (!minutes) return zone.empty();
  offset = *minutes * 60;
  // "GMT+2"-style suffixes appear in the wild.
  if (in.peek() == '+' || in.peek() == '-') {
    int extra = 0;
    if (!parse_zone(in, extra)) return false;
    offset += extra;
  }
  return true;
}

std::optional<UnixTime> parse_iso8601(std::string_view text) {
  Scanner in(text);
  int y, mo = 1, d = 1, h = 0, mi = 0, s = 0, digits = 0;
  if (!in.number(y, 4, &digits) || digits != 4) return std::nullopt;
  bool basic = std::isdigit(static_cast<unsigned char>(in.peek()));  // 20251101T083000Z
  if (basic) {
    if (!in.number(mo, 2, &digits) || digits != 2 || !in.number(d, 2, &digits) || digits != 2)
      return std::nullopt;
  } else {
    if (!in.accept('-')) return std::nullopt;
    if (!in.number(mo, 2)) return std::nullopt;
    if (in.accept('-') && !in.number(d, 2)) return std::nullopt;
  }
  if (in.done()) return to_unix(y, mo, d, 0, 0, 0, 0);
  if (!in.accept('T') && !in.accept('t') && !in.accept(' ')) return std::nullopt;
  // The basic form has no separators: only the digit counts divide it.
  if (!in.number(h, 2, &digits) || (basic && digits != 2) || !(in.accept(':') || basic) ||
      !in.number(mi, 2, &digits) || (basic && digits != 2))
    return std::nullopt;
  if ((in.accept(':') || (basic && std::isdigit(static_cast<unsigned char>(in.peek())))) &&
      !in.number(s, 2))
    return std::nullopt;
  in.skip_fraction();
  int offset = 0;
  if (!parse_zone(in, offset)) return std::nullopt;
  in.skip_spaces();
  if (!in.done()) return std::nullopt;
  return to_unix(y, mo, d, h, mi, s, offset);
}

// Words that join the parts of a written date ("16 de diciembre de 2023",
// "Dec 16 2023 at 2:02 PM"); before the time only, where no zone can be.
bool is_connector(std::string_view w) {
  return w == "at" || w == "de" || w == "del" || w == "um" || w == "à" || w == "às" || w == "le" ||
         w == "of" || w == "the" || w == "alle";
}

// Every other layout: RFC 822/1123/2822/850 and their real-world variants
// (missing weekday or seconds, two-digit years, month before day, AM/PM,
// "16th", zone names, comments), asctime ("Sat Nov  1 08:30:00 [PST] 2025"),
// Perforce's "2006/09/15 08:19:53", and month and weekday names in the
// languages of feedparser's date handlers and a few more. Each piece is
// recognized by its form; a word that is none of them rejects the text.
std::optional<UnixTime> parse_written(std::string_view text) {
  Scanner in(text);
  int numbers[2] = {0, 0}, number_digits[2] = {0, 0}, count = 0;
  int y = -1, mo = 0, d = 0, h = 0, mi = 0, s = 0, offset = 0;
  std::string month_word;
  bool have_time = false, have_zone = false;
  int meridiem = -1;  // 0 AM, 1 PM
  while (true) {
    in.skip_spaces();
    while (in.accept('.') || in.accept('/')) in.skip_spaces();
    if (in.done()) break;
    char c = in.peek();
    if (c == '(') {
      in.skip_comment();
    } else if ((c == '+' || c == '-') && have_time) {
      if (have_zone || !parse_zone(in, offset)) return std::nullopt;
      have_zone = true;
    } else if (c == '-') {
      in.accept('-');  // "01-Nov-25"
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      int value = 0, digits = 0;
      if (!in.number(value, 4, &digits)) return std::nullopt;
      if (std::isdigit(static_cast<unsigned char>(in.peek()))) return std::nullopt;
      if (in.accept(':')) {  // a time
        if (have_time || digits > 2) return std::nullopt;
        h = value;
        if (!in.number(mi, 2)) return std::nullopt;
        if (in.accept(':') && !in.number(s, 2)) return std::nullopt;
        in.skip_fraction();
        have_time = true;
      } else if (digits == 4 && in.peek() == '/') {  // Perforce: 2006/09/15
        if (y >= 0 || mo) return std::nullopt;
        y = value;
        if (!in.accept('/') || !in.number(mo, 2) || !in.accept('/') || !in.number(d, 2))
          return std::nullopt;
      } else {
        if (count == 2 || digits == 3) return std::nullopt;
        numbers[count] = value;
        number_digits[count++] = digits;
        // "16th", "1st", "2nd", "3rd"
        Scanner ahead = in;
        std::string suffix = ahead.word();
        if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") in = ahead;
      }
    } else if (Scanner::is_letter(c)) {
      std::string w = in.word();
      // After the time, zone and AM/PM first: the usual words there.
      std::optional<int> zone = have_time && !have_zone ? zone_offset_minutes(w) : std::nullopt;
      if ((w == "am" || w == "pm") && have_time && meridiem < 0) {
        meridiem = w == "pm";
      } else if (zone) {
        offset = *zone * 60;
        have_zone = true;
        if (in.peek() == '+' || in.peek() == '-') {  // "GMT+2"
          int extra = 0;
          if (!parse_zone(in, extra)) return std::nullopt;
          offset += extra;
        }
      } else if (int m = month_number(w)) {
        // A second month word: the first was a weekday ("mar." = mardi).
        if (mo && !is_weekday_name(month_word)) return std::nullopt;
        mo = m;
        month_word = std::move(w);
      } else if (is_weekday_name(w)) {
        // Not checked against the date: publishers get it wrong.
      } else if (!have_time && is_connector(w)) {
      } else {
        return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
  }
  if (y < 0) {
    // Day and year: a four-digit number is the year; otherwise RFC 822's
    // order, day first.
    if (count != 2 || !mo) return std::nullopt;
    int year_index = number_digits[0] == 4 ? 0 : 1;
    y = numbers[year_index];
    d = numbers[1 - year_index];
    if (number_digits[1 - year_index] > 2) return std::nullopt;
    if (number_digits[year_index] == 2)
      y += y < 50 ? 2000 : 1900;
    else if (number_digits[year_index] != 4)
      return std::nullopt;
  } else if (count != 0) {
    return std::nullopt;
  }
  if (meridiem >= 0) {
    if (h < 1 || h > 12) return std::nullopt;
    h = h % 12 + (meridiem == 1 ? 12 : 0);
  }
  return to_unix(y, mo, d, h, mi, s, offset);
}

}  // namespace

std::optional<UnixTime> parse_date(std::string_view text) {
  text = trim(text);
  if (text.size() < 6 || text.size() > 64) return std::nullopt;
  bool iso_basic = text.size() >= 8 && std::all_of(text.begin(), text.begin() + 8, [](char c) {
                     return std::isdigit(static_cast<unsigned char>(c));
                   });
  if (iso_basic || (std::isdigit(static_cast<unsigned char>(text[0])) && text[4] == '-'))
    return parse_iso8601(text);
  return parse_written(text);
}

}  // namespace gazette
