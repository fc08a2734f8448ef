#include "feeds/date_parser.h"

#include <array>
#include <cctype>
#include <chrono>
#include <string>

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
  std::string word() {
    std::string w;
    while (!done() && std::isalpha(static_cast<unsigned char>(s_[pos_])))
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(s_[pos_++])));
    return w;
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

int month_from_name(const std::string& w) {
  static constexpr std::array<const char*, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
  if (w.size() < 3) return 0;
  for (int i = 0; i < 12; ++i)
    if (w.compare(0, 3, kMonths[i]) == 0) return i + 1;
  return 0;
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
  static const struct {
    const char* name;
    int hours;
  } kZones[] = {{"z", 0},    {"gmt", 0},  {"utc", 0},  {"ut", 0},   {"est", -5}, {"edt", -4},
                {"cst", -6}, {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7},
                {"bst", 1},  {"cet", 1},  {"cest", 2}, {"ist", 5},  {"jst", 9}};
  for (const auto& z : kZones) {
    if (zone == z.name) {
      offset = z.hours * 3600;
      // "GMT+2"-style suffixes appear in the wild.
      if (in.peek() == '+' || in.peek() == '-') {
        int extra = 0;
        if (!parse_zone(in, extra)) return false;
        offset += extra;
      }
      return true;
    }
  }
  return zone.empty();
}

std::optional<UnixTime> parse_iso8601(std::string_view text) {
  Scanner in(text);
  int y, mo = 1, d = 1, h = 0, mi = 0, s = 0, digits = 0;
  if (!in.number(y, 4, &digits) || digits != 4) return std::nullopt;
  if (!in.accept('-')) return std::nullopt;
  if (!in.number(mo, 2)) return std::nullopt;
  if (in.accept('-') && !in.number(d, 2)) return std::nullopt;
  if (in.done()) return to_unix(y, mo, d, 0, 0, 0, 0);
  if (!in.accept('T') && !in.accept('t') && !in.accept(' ')) return std::nullopt;
  if (!in.number(h, 2) || !in.accept(':') || !in.number(mi, 2)) return std::nullopt;
  if (in.accept(':') && !in.number(s, 2)) return std::nullopt;
  in.skip_fraction();
  int offset = 0;
  if (!parse_zone(in, offset)) return std::nullopt;
  in.skip_spaces();
  if (!in.done()) return std::nullopt;
  return to_unix(y, mo, d, h, mi, s, offset);
}

std::optional<UnixTime> parse_rfc822(std::string_view text) {
  Scanner in(text);
  in.skip_spaces();
  int d = 0, mo = 0, y = 0, h = 0, mi = 0, s = 0, digits = 0;
  if (std::isalpha(static_cast<unsigned char>(in.peek()))) {
    std::string first = in.word();  // weekday, or the month in "Nov 01 2025"
    in.skip_spaces();
    if (int m = month_from_name(first); m && std::isdigit(static_cast<unsigned char>(in.peek()))) {
      mo = m;  // "Nov 1 2025 08:30:00", "Nov 1, 2025"
      if (!in.number(d, 2)) return std::nullopt;
    } else if (int m2 = month_from_name(in.peek_word()); m2 && first.size() >= 3) {
      // asctime: "Sat Nov  1 08:30:00 2025" (time before year, zone optional)
      in.word();
      in.skip_spaces();
      if (!in.number(d, 2)) return std::nullopt;
      in.skip_spaces();
      if (!in.number(h, 2) || !in.accept(':') || !in.number(mi, 2)) return std::nullopt;
      if (in.accept(':') && !in.number(s, 2)) return std::nullopt;
      int offset = 0;
      in.skip_spaces();
      if (std::isalpha(static_cast<unsigned char>(in.peek())) && !parse_zone(in, offset))
        return std::nullopt;
      in.skip_spaces();
      if (!in.number(y, 4, &digits) || digits != 4) return std::nullopt;
      in.skip_spaces();
      if (!in.done()) return std::nullopt;
      return to_unix(y, m2, d, h, mi, s, offset);
    }
  }
  if (mo == 0) {
    if (!in.number(d, 2)) return std::nullopt;
    in.skip_spaces();
    in.accept('-');
    mo = month_from_name(in.word());
    if (!mo) return std::nullopt;
    in.accept('-');
  }
  in.skip_spaces();
  if (!in.number(y, 4, &digits)) return std::nullopt;
  if (digits == 2)
    y += y < 50 ? 2000 : 1900;
  else if (digits != 4)
    return std::nullopt;
  in.skip_spaces();
  if (!in.done() && std::isdigit(static_cast<unsigned char>(in.peek()))) {
    if (!in.number(h, 2) || !in.accept(':') || !in.number(mi, 2)) return std::nullopt;
    if (in.accept(':') && !in.number(s, 2)) return std::nullopt;
    in.skip_fraction();
  }
  int offset = 0;
  if (!parse_zone(in, offset)) return std::nullopt;
  in.skip_spaces();
  in.skip_comment();
  in.skip_spaces();
  if (!in.done()) return std::nullopt;
  return to_unix(y, mo, d, h, mi, s, offset);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<UnixTime> parse_date(std::string_view text) {
  text = trim(text);
  if (text.size() < 6 || text.size() > 64) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(text[0])) && text.size() >= 7 && text[4] == '-')
    return parse_iso8601(text);
  return parse_rfc822(text);
}

}  // namespace gazette
