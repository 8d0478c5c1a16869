// Date cells and calendar periods (leadplan/util/dates.hpp).

#include <catch2/catch.hpp>

#include "leadplan/util/dates.hpp"

using namespace leadplan;
using namespace std::chrono;

namespace {

sys_days ymd(int y, unsigned m, unsigned d) {
  return sys_days{year{y} / month{m} / day{d}};
}

sys_days date(std::string_view text) {
  const ParsedDate parsed = parse_date(text);
  REQUIRE(parsed.ok());
  return parsed.day;
}

}  // namespace

TEST_CASE("a date cell is YYYY-MM-DD with an optional time, only the date counts", "[dates]") {
  CHECK(date("2027-01-05") == ymd(2027, 1, 5));
  CHECK(date("2027-01-05T10:30") == ymd(2027, 1, 5));
  CHECK(date("2027-01-05 10:30:15") == ymd(2027, 1, 5));
  CHECK(date("2027-01-05T10:30:15.123456Z") == ymd(2027, 1, 5));
  CHECK(date("2027-01-05T10:30Z") == ymd(2027, 1, 5));
  CHECK(date("2027-01-05T23:59:60+05:30") == ymd(2027, 1, 5));
  // The calendar date as written, never shifted by its zone.
  CHECK(date("2027-01-05T23:30:00-08:00") == ymd(2027, 1, 5));
  CHECK(date("2027-01-05T00:10:00+14:00") == ymd(2027, 1, 5));
  CHECK(date("2024-02-29") == ymd(2024, 2, 29));
  CHECK(date("2000-02-29") == ymd(2000, 2, 29));
  CHECK(date("0001-01-01") == ymd(1, 1, 1));
  CHECK(date("9999-12-31") == ymd(9999, 12, 31));
}

TEST_CASE("anything else is rejected with its reason", "[dates]") {
  const auto error = [](std::string_view text) { return parse_date(text).error; };
  CHECK(error("") == DateError::format);
  CHECK(error("2027-1-5") == DateError::format);
  CHECK(error("27-01-05") == DateError::format);
  CHECK(error("2027/01/05") == DateError::format);
  CHECK(error("01/05/2027") == DateError::format);
  CHECK(error("2027-0a-05") == DateError::format);
  CHECK(error(" 2027-01-05") == DateError::format);
  CHECK(error("2027-13-01") == DateError::month);
  CHECK(error("2027-00-10") == DateError::month);
  CHECK(error("2027-02-30") == DateError::day);
  CHECK(error("2023-02-29") == DateError::day);
  CHECK(error("2100-02-29") == DateError::day);
  CHECK(error("2027-04-31") == DateError::day);
  CHECK(error("2027-01-00") == DateError::day);
  CHECK(error("2027-01-32") == DateError::day);
  CHECK(error("2027-01-05x") == DateError::trailing);
  CHECK(error("2027-01-05t10:30") == DateError::trailing);
  CHECK(error("2027-01-05T") == DateError::time);
  CHECK(error("2027-01-05 ") == DateError::time);
  CHECK(error("2027-01-05T10") == DateError::time);
  CHECK(error("2027-01-05T1:30") == DateError::time);
  CHECK(error("2027-01-05T24:00") == DateError::time);
  CHECK(error("2027-01-05T10:60") == DateError::time);
  CHECK(error("2027-01-05T10:30:61") == DateError::time);
  CHECK(error("2027-01-05T10:30:15.") == DateError::time);
  CHECK(error("2027-01-05T10:300") == DateError::time);
  CHECK(error("2027-01-05T10:30.5") == DateError::time);
  CHECK(error("2027-01-05T10:30+5") == DateError::offset);
  CHECK(error("2027-01-05T10:30+0530") == DateError::offset);
  CHECK(error("2027-01-05T10:30+24:00") == DateError::offset);
  CHECK(error("2027-01-05T10:30+05:30x") == DateError::trailing);
  CHECK(error("2027-01-05T10:30Zx") == DateError::trailing);
  CHECK(error("2027-01-05T10:30 PM") == DateError::trailing);
}

TEST_CASE("the reasons read as messages", "[dates]") {
  const auto message = [](std::string_view text) {
    return describe_date_error(text, parse_date(text).error);
  };
  CHECK(message("2027-02-30") == "\"2027-02-30\" is not a date: 2027-02 has 28 days");
  CHECK(message("2024-02-30") == "\"2024-02-30\" is not a date: 2024-02 has 29 days");
  CHECK(message("2027-01-00") == "\"2027-01-00\" is not a date: there is no day 00");
  CHECK(message("2027-13-01") == "\"2027-13-01\" is not a date: there is no month 13");
  CHECK(message("01/05/2027") ==
        "\"01/05/2027\" is not a date: write YYYY-MM-DD, optionally followed by a time");
  CHECK(message("2027-01-05T25:00") ==
        "\"2027-01-05T25:00\" is not a date: the time after the date must be HH:MM, "
        "HH:MM:SS or HH:MM:SS.fff (00:00 to 23:59)");
  CHECK(message("2027-01-05T10:00+1") ==
        "\"2027-01-05T10:00+1\" is not a date: the time zone must be Z or +HH:MM or -HH:MM");
  CHECK(message("2027-01-05, 2027-01-06") ==
        "\"2027-01-05, 2027-01-06\" is not a date: unexpected text after the date");
  CHECK(message(std::string(50, 'x')) == "\"" + std::string(40, 'x') +
                                             "...\" is not a date: write YYYY-MM-DD, "
                                             "optionally followed by a time");
  CHECK(describe_date_error("2027-01-05", DateError::none).empty());
}

TEST_CASE("a month is YYYY-MM, its first day", "[dates]") {
  CHECK(parse_month("2027-01").day == ymd(2027, 1, 1));
  CHECK(parse_month("2024-12").day == ymd(2024, 12, 1));
  CHECK(parse_month("2027-1").error == DateError::format);
  CHECK(parse_month("27-01").error == DateError::format);
  CHECK(parse_month("2027/01").error == DateError::format);
  CHECK(parse_month("").error == DateError::format);
  CHECK(parse_month("2027-13").error == DateError::month);
  CHECK(parse_month("2027-00").error == DateError::month);
  CHECK(parse_month("2027-01-05").error == DateError::trailing);
  const auto message = [](std::string_view text) {
    return describe_month_error(text, parse_month(text).error);
  };
  CHECK(message("2027-13") == "\"2027-13\" is not a month: there is no month 13");
  CHECK(message("Jan 2027") == "\"Jan 2027\" is not a month: write YYYY-MM");
  CHECK(message("2027-01-05") == "\"2027-01-05\" is not a month: unexpected text after the month");
  CHECK(describe_month_error("2027-01", DateError::none).empty());
}

TEST_CASE("day numbers count from 1970-01-01", "[dates]") {
  CHECK(day_number(ymd(1970, 1, 1)) == 0);
  CHECK(day_number(ymd(1969, 12, 31)) == -1);
  CHECK(day_number(ymd(2027, 1, 1)) == 20819);
  CHECK(from_day_number(20819) == ymd(2027, 1, 1));
  CHECK(format_date(ymd(2027, 3, 9)) == "2027-03-09");
  CHECK(format_date(ymd(1, 1, 1)) == "0001-01-01");
}

TEST_CASE("ISO weeks run Monday to Sunday and belong to their Thursday's year", "[dates]") {
  // 2026-12-31 is a Thursday: its week 53 holds 2027-01-01 to 2027-01-03 too.
  const CalendarPeriod w53 = period_containing(PeriodKind::week, ymd(2026, 12, 31));
  CHECK(w53.first == ymd(2026, 12, 28));
  CHECK(w53.last == ymd(2027, 1, 3));
  CHECK(w53.days() == 7);
  CHECK(period_label(PeriodKind::week, ymd(2026, 12, 31)) == "2026-W53");
  CHECK(period_label(PeriodKind::week, ymd(2027, 1, 1)) == "2026-W53");
  CHECK(period_label(PeriodKind::week, ymd(2027, 1, 3)) == "2026-W53");
  CHECK(period_label(PeriodKind::week, ymd(2027, 1, 4)) == "2027-W01");
  CHECK(period_label(PeriodKind::week, ymd(2027, 12, 31)) == "2027-W52");
  // 2024-12-30, a Monday, starts 2025's week 1.
  CHECK(period_label(PeriodKind::week, ymd(2024, 12, 30)) == "2025-W01");
  CHECK(period_label(PeriodKind::week, ymd(2024, 12, 29)) == "2024-W52");
  CHECK(period_label(PeriodKind::week, ymd(2021, 1, 3)) == "2020-W53");
  CHECK(period_label(PeriodKind::week, ymd(2015, 12, 31)) == "2015-W53");
  CHECK(iso_week(ymd(2016, 1, 1)) == IsoWeek{2015, 53});
  CHECK(iso_week(ymd(2026, 6, 15)) == IsoWeek{2026, 25});
  CHECK(period_containing(PeriodKind::week, ymd(2027, 1, 4)).first == ymd(2027, 1, 4));
  CHECK(period_containing(PeriodKind::week, ymd(2027, 1, 10)).first == ymd(2027, 1, 4));
}

TEST_CASE("months, quarters and years have their calendar lengths", "[dates]") {
  CHECK(period_containing(PeriodKind::month, ymd(2024, 2, 10)) ==
        CalendarPeriod{ymd(2024, 2, 1), ymd(2024, 2, 29)});
  CHECK(period_containing(PeriodKind::month, ymd(2023, 2, 28)).days() == 28);
  CHECK(period_containing(PeriodKind::month, ymd(2027, 12, 31)) ==
        CalendarPeriod{ymd(2027, 12, 1), ymd(2027, 12, 31)});
  CHECK(period_containing(PeriodKind::quarter, ymd(2024, 3, 31)) ==
        CalendarPeriod{ymd(2024, 1, 1), ymd(2024, 3, 31)});
  CHECK(period_containing(PeriodKind::quarter, ymd(2024, 2, 1)).days() == 91);
  CHECK(period_containing(PeriodKind::quarter, ymd(2023, 2, 1)).days() == 90);
  CHECK(period_containing(PeriodKind::quarter, ymd(2027, 8, 15)) ==
        CalendarPeriod{ymd(2027, 7, 1), ymd(2027, 9, 30)});
  CHECK(period_containing(PeriodKind::quarter, ymd(2027, 10, 1)).days() == 92);
  CHECK(period_containing(PeriodKind::year, ymd(2024, 7, 1)) ==
        CalendarPeriod{ymd(2024, 1, 1), ymd(2024, 12, 31)});
  CHECK(period_containing(PeriodKind::year, ymd(2024, 7, 1)).days() == 366);
  CHECK(period_containing(PeriodKind::year, ymd(2100, 7, 1)).days() == 365);
  CHECK(period_label(PeriodKind::month, ymd(2027, 1, 31)) == "2027-01");
  CHECK(period_label(PeriodKind::quarter, ymd(2027, 1, 31)) == "2027-Q1");
  CHECK(period_label(PeriodKind::quarter, ymd(2027, 6, 30)) == "2027-Q2");
  CHECK(period_label(PeriodKind::quarter, ymd(2027, 7, 1)) == "2027-Q3");
  CHECK(period_label(PeriodKind::quarter, ymd(2027, 12, 31)) == "2027-Q4");
  CHECK(period_label(PeriodKind::year, ymd(2027, 12, 31)) == "2027");
}

TEST_CASE("the i-th period after a start, and period starts", "[dates]") {
  CHECK(period_after(PeriodKind::month, ymd(2027, 11, 15), 3) ==
        CalendarPeriod{ymd(2028, 2, 1), ymd(2028, 2, 29)});
  CHECK(period_after(PeriodKind::month, ymd(2027, 1, 31), 1).first == ymd(2027, 2, 1));
  CHECK(period_after(PeriodKind::month, ymd(2027, 1, 1), -1).first == ymd(2026, 12, 1));
  CHECK(period_after(PeriodKind::month, ymd(2027, 1, 1), 0).first == ymd(2027, 1, 1));
  CHECK(period_after(PeriodKind::quarter, ymd(2027, 1, 1), 5) ==
        CalendarPeriod{ymd(2028, 4, 1), ymd(2028, 6, 30)});
  CHECK(period_after(PeriodKind::quarter, ymd(2027, 2, 14), -1).first == ymd(2026, 10, 1));
  CHECK(period_after(PeriodKind::year, ymd(2027, 5, 5), 2) ==
        CalendarPeriod{ymd(2029, 1, 1), ymd(2029, 12, 31)});
  CHECK(period_after(PeriodKind::week, ymd(2026, 12, 31), 1).first == ymd(2027, 1, 4));
  CHECK(period_label(PeriodKind::week,
                     period_after(PeriodKind::week, ymd(2026, 12, 28), 1).first) == "2027-W01");
  CHECK(period_after(PeriodKind::week, ymd(2027, 1, 4), -1).first == ymd(2026, 12, 28));
  CHECK(is_period_start(PeriodKind::week, ymd(2027, 1, 4)));
  CHECK_FALSE(is_period_start(PeriodKind::week, ymd(2027, 1, 1)));
  CHECK(is_period_start(PeriodKind::month, ymd(2027, 1, 1)));
  CHECK_FALSE(is_period_start(PeriodKind::month, ymd(2027, 1, 2)));
  CHECK(is_period_start(PeriodKind::quarter, ymd(2027, 4, 1)));
  CHECK_FALSE(is_period_start(PeriodKind::quarter, ymd(2027, 2, 1)));
  CHECK(is_period_start(PeriodKind::year, ymd(2027, 1, 1)));
  CHECK_FALSE(is_period_start(PeriodKind::year, ymd(2027, 7, 1)));
}

TEST_CASE("elapsed counts the as-of day itself", "[dates]") {
  const CalendarPeriod january = period_containing(PeriodKind::month, ymd(2027, 1, 15));
  CHECK(elapsed_share(january, ymd(2027, 1, 15)) == Approx(15.0 / 31.0));
  CHECK(elapsed_share(january, ymd(2027, 1, 1)) == Approx(1.0 / 31.0));
  CHECK(elapsed_share(january, ymd(2027, 1, 31)) == 1.0);
  const CalendarPeriod week = period_containing(PeriodKind::week, ymd(2027, 1, 6));
  CHECK(elapsed_share(week, ymd(2027, 1, 6)) == Approx(3.0 / 7.0));
}
