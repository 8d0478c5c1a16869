#include "leadplan/util/dates.hpp"

#include <fmt/format.h>

namespace leadplan {

namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// The digit `c` stands for, or 10 and above when it is no digit (unsigned wrap-around).
constexpr unsigned digit_value(char c) {
  return static_cast<unsigned>(static_cast<unsigned char>(c)) - unsigned{'0'};
}

// Reads the two digits at `at` into `value`; false when either is no digit.
bool two_digits(std::string_view text, std::size_t at, unsigned& value) {
  if (at + 2 > text.size()) {
    return false;
  }
  const unsigned tens = digit_value(text[at]);
  const unsigned ones = digit_value(text[at + 1]);
  value = tens * 10 + ones;
  return tens < 10 && ones < 10;
}

constexpr bool is_leap(unsigned year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

constexpr unsigned days_in_month(unsigned year, unsigned month) {
  constexpr unsigned char k_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29u : k_days[month - 1];
}

// Checks the time (and zone) that follows a date's separator, from `at` to the end.
DateError check_time(std::string_view text, std::size_t at) {
  unsigned hours = 0;
  unsigned minutes = 0;
  if (!two_digits(text, at, hours) || at + 2 >= text.size() || text[at + 2] != ':' ||
      !two_digits(text, at + 3, minutes) || hours > 23 || minutes > 59) {
    return DateError::time;
  }
  std::size_t pos = at + 5;
  if (pos < text.size() && text[pos] == ':') {
    unsigned seconds = 0;
    // 60: a leap second, as RFC 3339 allows.
    if (!two_digits(text, pos + 1, seconds) || seconds > 60) {
      return DateError::time;
    }
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      const std::size_t fraction = ++pos;
      while (pos < text.size() && digit_value(text[pos]) < 10) {
        ++pos;
      }
      if (pos == fraction) {
        return DateError::time;
      }
    }
  }
  if (pos == text.size()) {
    return DateError::none;
  }
  if (text[pos] == 'Z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    unsigned zone_hours = 0;
    unsigned zone_minutes = 0;
    if (!two_digits(text, pos + 1, zone_hours) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !two_digits(text, pos + 4, zone_minutes) || zone_hours > 23 || zone_minutes > 59) {
      return DateError::offset;
    }
    pos += 6;
  } else if (digit_value(text[pos]) < 10 || text[pos] == ':' || text[pos] == '.') {
    return DateError::time;  // 10:300, 10:30:00:00, 10:30.5
  }
  return pos == text.size() ? DateError::none : DateError::trailing;
}

// At most 40 bytes of `text`, cut at a character boundary, for a message.
std::string excerpt(std::string_view text) {
  constexpr std::size_t k_most = 40;
  if (text.size() <= k_most) {
    return std::string(text);
  }
  std::size_t end = k_most;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return std::string(text.substr(0, end)) + "...";
}

}  // namespace

ParsedDate parse_date(std::string_view text) noexcept {
  // The layout is fixed, so each character is checked where it must stand:
  // no scanning, no locale, a few nanoseconds a cell.
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') {
    return {{}, DateError::format};
  }
  unsigned century = 0;
  unsigned year_in_century = 0;
  unsigned month = 0;
  unsigned day = 0;
  if (!two_digits(text, 0, century) || !two_digits(text, 2, year_in_century) ||
      !two_digits(text, 5, month) || !two_digits(text, 8, day)) {
    return {{}, DateError::format};
  }
  const unsigned year = century * 100 + year_in_century;
  if (month == 0 || month > 12) {
    return {{}, DateError::month};
  }
  if (day == 0 || day > days_in_month(year, month)) {
    return {{}, DateError::day};
  }
  const sys_days date{std::chrono::year{static_cast<int>(year)} / std::chrono::month{month} /
                      std::chrono::day{day}};
  if (text.size() == 10) {
    return {date, DateError::none};
  }
  if (text[10] != 'T' && text[10] != ' ') {
    return {{}, DateError::trailing};
  }
  const DateError time = check_time(text, 11);
  return {time == DateError::none ? date : sys_days{}, time};
}

ParsedDate parse_month(std::string_view text) noexcept {
  unsigned century = 0;
  unsigned year_in_century = 0;
  unsigned month = 0;
  if (text.size() < 7 || text[4] != '-' || !two_digits(text, 0, century) ||
      !two_digits(text, 2, year_in_century) || !two_digits(text, 5, month)) {
    return {{}, DateError::format};
  }
  if (month == 0 || month > 12) {
    return {{}, DateError::month};
  }
  if (text.size() > 7) {
    return {{}, DateError::trailing};
  }
  const int year = static_cast<int>(century * 100 + year_in_century);
  return {sys_days{std::chrono::year{year} / std::chrono::month{month} / 1}, DateError::none};
}

std::string describe_month_error(std::string_view text, DateError error) {
  const std::string quoted = fmt::format("\"{}\" is not a month", excerpt(text));
  switch (error) {
    case DateError::none:
      return {};
    case DateError::month:
      return fmt::format("{}: there is no month {}", quoted, text.substr(5, 2));
    case DateError::trailing:
      return quoted + ": unexpected text after the month";
    default:
      break;
  }
  return quoted + ": write YYYY-MM";
}

std::string describe_date_error(std::string_view text, DateError error) {
  const std::string quoted = fmt::format("\"{}\" is not a date", excerpt(text));
  switch (error) {
    case DateError::none:
      return {};
    case DateError::format:
      return quoted + ": write YYYY-MM-DD, optionally followed by a time";
    case DateError::month:
      return fmt::format("{}: there is no month {}", quoted, text.substr(5, 2));
    case DateError::day: {
      unsigned month = 0;
      (void)two_digits(text, 5, month);
      if (text.substr(8, 2) == "00") {
        return quoted + ": there is no day 00";
      }
      const unsigned year = static_cast<unsigned>(std::stoi(std::string(text.substr(0, 4))));
      return fmt::format("{}: {} has {} days", quoted, text.substr(0, 7),
                         days_in_month(year, month));
    }
    case DateError::time:
      return quoted +
             ": the time after the date must be HH:MM, HH:MM:SS or HH:MM:SS.fff"
             " (00:00 to 23:59)";
    case DateError::offset:
      return quoted + ": the time zone must be Z or +HH:MM or -HH:MM";
    case DateError::trailing:
      return quoted + ": unexpected text after the date";
  }
  return quoted;
}

std::string format_date(sys_days day) {
  const year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

CalendarPeriod period_containing(PeriodKind kind, sys_days day) {
  using std::chrono::last;
  using std::chrono::month;
  const year_month_day ymd{day};
  switch (kind) {
    case PeriodKind::week: {
      const days since_monday{std::chrono::weekday{day}.iso_encoding() - 1};
      return {day - since_monday, day - since_monday + days{6}};
    }
    case PeriodKind::month:
      return {sys_days{ymd.year() / ymd.month() / 1}, sys_days{ymd.year() / ymd.month() / last}};
    case PeriodKind::quarter: {
      const unsigned first_month = (static_cast<unsigned>(ymd.month()) - 1) / 3 * 3 + 1;
      return {sys_days{ymd.year() / month{first_month} / 1},
              sys_days{ymd.year() / month{first_month + 2} / last}};
    }
    case PeriodKind::year:
      break;
  }
  return {sys_days{ymd.year() / 1 / 1}, sys_days{ymd.year() / 12 / 31}};
}

CalendarPeriod period_after(PeriodKind kind, sys_days day, int index) {
  const CalendarPeriod start = period_containing(kind, day);
  if (kind == PeriodKind::week) {
    return {start.first + days{7 * index}, start.last + days{7 * index}};
  }
  const year_month_day first{start.first};
  std::chrono::year_month month_of{first.year(), first.month()};
  switch (kind) {
    case PeriodKind::month:
      month_of += std::chrono::months{index};
      break;
    case PeriodKind::quarter:
      month_of += std::chrono::months{3 * index};
      break;
    default:
      month_of += std::chrono::years{index};
      break;
  }
  return period_containing(kind, sys_days{month_of / 1});
}

bool is_period_start(PeriodKind kind, sys_days day) {
  return period_containing(kind, day).first == day;
}

IsoWeek iso_week(sys_days day) {
  // The week belongs to the year of its Thursday (ISO 8601): 2027-01-01, a
  // Friday, is in the week of Thursday 2026-12-31, so in 2026-W53.
  const sys_days thursday = period_containing(PeriodKind::week, day).first + days{3};
  const std::chrono::year year = year_month_day{thursday}.year();
  const auto since_new_year = (thursday - sys_days{year / 1 / 1}).count();
  return {static_cast<int>(year), static_cast<unsigned>(since_new_year / 7 + 1)};
}

std::string period_label(PeriodKind kind, sys_days day) {
  const year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  switch (kind) {
    case PeriodKind::week: {
      const IsoWeek week = iso_week(day);
      return fmt::format("{:04}-W{:02}", week.year, week.week);
    }
    case PeriodKind::month:
      return fmt::format("{:04}-{:02}", year, static_cast<unsigned>(ymd.month()));
    case PeriodKind::quarter:
      return fmt::format("{:04}-Q{}", year, (static_cast<unsigned>(ymd.month()) + 2) / 3);
    case PeriodKind::year:
      break;
  }
  return fmt::format("{:04}", year);
}

double elapsed_share(const CalendarPeriod& period, sys_days as_of) {
  const auto gone = (as_of - period.first).count() + 1;
  return static_cast<double>(gone) / static_cast<double>(period.days());
}

}  // namespace leadplan
