#pragma once
// Calendar dates as CRM exports write them, and the calendar periods a plan is
// made for (ISO week, month, quarter, year): std::chrono's calendar types, no
// time zones. Used by the loader (date cells, a timeline's start) and the
// engine (the period tracked, time-phased plans); it depends on nothing else.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace leadplan {

// Why a cell is not a date; `none` when it is one.
enum class DateError : std::uint8_t {
  none,
  format,    // not YYYY-MM-DD
  month,     // month 00 or above 12
  day,       // day 00 or beyond the month's last day (2027-02-30)
  time,      // the part after `T` or the space is not HH:MM, HH:MM:SS or HH:MM:SS.f+
  offset,    // a zone other than `Z` or ±HH:MM
  trailing,  // anything after the date, time and zone
};

// A parsed date cell: `day` is meaningful only when `error` is `none`.
struct ParsedDate {
  std::chrono::sys_days day{};
  DateError error = DateError::none;
  [[nodiscard]] bool ok() const { return error == DateError::none; }
};

// Parses `text`: `YYYY-MM-DD`, optionally followed by `T` or a space and a time
// (`HH:MM`, `HH:MM:SS`, `HH:MM:SS.f+`) with an optional `Z` or `±HH:MM`. Only the
// calendar date as written counts: the time and zone are checked, never applied.
[[nodiscard]] ParsedDate parse_date(std::string_view text) noexcept;

// Parses `text` as a month, `YYYY-MM` (a spend file's `month` column): its first
// day, or why it is not one (`format`, `month` or `trailing`).
[[nodiscard]] ParsedDate parse_month(std::string_view text) noexcept;

// Why `text` is not a date, for a diagnostic: `"2027-02-30" is not a date: 2027-02 has 28 days`.
[[nodiscard]] std::string describe_date_error(std::string_view text, DateError error);

// Why `text` is not a month (parse_month), for a diagnostic: `"2027-13" is not a month: there is no
// month 13`.
[[nodiscard]] std::string describe_month_error(std::string_view text, DateError error);

// `day` as `YYYY-MM-DD`.
[[nodiscard]] std::string format_date(std::chrono::sys_days day);

// `day` as a count of days since 1970-01-01 (negative before), the compact form rows keep.
[[nodiscard]] constexpr std::int32_t day_number(std::chrono::sys_days day) {
  return static_cast<std::int32_t>(day.time_since_epoch().count());
}

// The day `number` days after 1970-01-01.
[[nodiscard]] constexpr std::chrono::sys_days from_day_number(std::int32_t number) {
  return std::chrono::sys_days{std::chrono::days{number}};
}

// The calendar periods a scenario's `period` names (weeks are ISO weeks, Monday to Sunday).
enum class PeriodKind : std::uint8_t { week, month, quarter, year };

// One calendar period, from `first` to `last` day, both included.
struct CalendarPeriod {
  std::chrono::sys_days first{};
  std::chrono::sys_days last{};
  // How many days it has (7, 28 to 31, 90 to 92, 365 or 366).
  [[nodiscard]] int days() const { return static_cast<int>((last - first).count()) + 1; }
  friend bool operator==(const CalendarPeriod&, const CalendarPeriod&) = default;
};

// The period of kind `kind` that contains `day`.
[[nodiscard]] CalendarPeriod period_containing(PeriodKind kind, std::chrono::sys_days day);

// The period `index` periods after the one of kind `kind` containing `day`
// (0: that period itself; negative: before it).
[[nodiscard]] CalendarPeriod period_after(PeriodKind kind, std::chrono::sys_days day, int index);

// Whether `day` is the first day of a period of kind `kind` (a Monday for weeks).
[[nodiscard]] bool is_period_start(PeriodKind kind, std::chrono::sys_days day);

// The label of the period of kind `kind` containing `day`: `2027-W01` (ISO week
// and week-numbering year), `2027-01`, `2027-Q1`, `2027`.
[[nodiscard]] std::string period_label(PeriodKind kind, std::chrono::sys_days day);

// The share of `period` elapsed by the end of `as_of`: (days from its first day to
// `as_of`, both included) / (days in it); `as_of` must lie in `period`.
[[nodiscard]] double elapsed_share(const CalendarPeriod& period, std::chrono::sys_days as_of);

// An ISO 8601 week: the week-numbering `year` (that of the week's Thursday) and `week` (1 to 53).
struct IsoWeek {
  int year = 0;
  unsigned week = 0;
  friend bool operator==(const IsoWeek&, const IsoWeek&) = default;
};

// The ISO week containing `day`.
[[nodiscard]] IsoWeek iso_week(std::chrono::sys_days day);

}  // namespace leadplan
