#include "leadplan/report/format.hpp"

#include "leadplan/report/json_writer.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace leadplan {

namespace {

// Drops trailing zeros after a decimal point, and the point itself when bare.
std::string trim_zeros(std::string text) {
  if (text.find('.') == std::string::npos) {
    return text;
  }
  while (!text.empty() && text.back() == '0') {
    text.pop_back();
  }
  if (!text.empty() && text.back() == '.') {
    text.pop_back();
  }
  return text;
}

// `fraction` as a percentage cut (not rounded) to two decimals, from the digits
// JSON prints (the shortest that read back): 0.29 shows as 29%, never 28.99% from
// 0.28999999999999998 x 100, and a large coverage keeps its own digits
// (6613756613756.61%), where a nudge factor of 1 + 1e-12 moved them by 6.6.
std::string cut_percent(double fraction) {
  char buffer[64];
  const auto written =
      std::to_chars(buffer, buffer + sizeof buffer, std::fabs(fraction), std::chars_format::fixed);
  const std::string_view digits(buffer, static_cast<std::size_t>(written.ptr - buffer));
  const std::size_t point = std::min(digits.find('.'), digits.size());
  std::string decimals(digits.substr(std::min(point + 1, digits.size())));
  decimals.resize(4, '0');  // two to move before the point, two after it
  std::string text(digits.substr(0, point));
  text += decimals.substr(0, 2);
  text.erase(0, std::min(text.find_first_not_of('0'), text.size() - 1));
  text += '.';
  text.append(decimals, 2, 2);
  text = trim_zeros(std::move(text));
  if (fraction < 0.0 && text != "0") {
    text.insert(0, 1, '-');
  }
  text += '%';
  return text;
}

}  // namespace

std::string group_thousands(double value, int decimals) {
  // fmt's fixed notation never consults the locale unless asked with 'L'.
  std::string digits = fmt::format("{:.{}f}", std::fabs(value), decimals);
  const std::size_t point = digits.find('.');
  const std::size_t int_end = point == std::string::npos ? digits.size() : point;
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 1);
  // A value that rounds to zero prints without a minus sign.
  const bool negative = value < 0.0 && digits.find_first_not_of("0.") != std::string::npos;
  if (negative) {
    out.push_back('-');
  }
  for (std::size_t i = 0; i < int_end; ++i) {
    if (i > 0 && (int_end - i) % 3 == 0) {
      out.push_back(',');
    }
    out.push_back(digits[i]);
  }
  out.append(digits, int_end, std::string::npos);
  return out;
}

std::string currency_symbol(std::string_view currency) {
  if (currency == "USD") {
    return "$";
  }
  if (currency == "EUR") {
    return "\u20AC";
  }
  if (currency == "GBP") {
    return "\u00A3";
  }
  if (currency == "JPY" || currency == "CNY") {
    return "\u00A5";
  }
  if (currency == "INR") {
    return "\u20B9";
  }
  if (currency == "KRW") {
    return "\u20A9";
  }
  return std::string(currency) + " ";
}

std::string format_money(double amount, std::string_view currency) {
  // Beyond 1e15 (a budget over a tiny required count) in short scientific form,
  // as percentages are, never 300 grouped digits; counts stop at 1e15 (the plan
  // refuses more).
  if (!(std::fabs(amount) <= 1e15)) {
    return fmt::format("{}{}{:.3g}", amount < 0.0 ? "-" : "", currency_symbol(currency),
                       std::fabs(amount));
  }
  const std::string grouped = group_thousands(amount, 2);
  const bool negative = !grouped.empty() && grouped.front() == '-';
  std::string text = negative ? "-" : "";
  text += currency_symbol(currency);
  text.append(grouped, negative ? 1 : 0, std::string::npos);
  return text;
}

std::string format_percent(double fraction) {
  const double percent = fraction * 100.0;
  // Extreme ratios (a benchmark of 1e-300) in short scientific form, never "inf%";
  // tiny non-zero ones with their first digits, never a misleading "0%".
  if (!std::isfinite(percent) || std::fabs(percent) >= 1e15) {
    return fmt::format("{:.3g}%", static_cast<long double>(fraction) * 100.0L);
  }
  if (percent != 0.0 && std::fabs(percent) < 0.005) {
    return fmt::format("{:.2g}%", percent);
  }
  std::string text = trim_zeros(fmt::format("{:.2f}", percent));
  if (text == "-0") {
    text = "0";  // a tiny negative fraction is no change, not minus zero
  }
  return text + "%";
}

std::string format_coverage(double coverage, bool feasible) {
  // Rounded down, so that 99.999% never shows as 100% beside "not feasible";
  // a feasible coverage within the 1e-9 tolerance below 1 shows as 100%. A
  // coverage within 1e-9 (relative) below a hundredth of a percent is that
  // hundredth: 27 wins of 30, computed as 0.8999999999999999, shows 90%, not
  // 89.99%. That never lifts an infeasible coverage to 100%: within 1e-9 of 1 is
  // feasible.
  double shown = feasible && coverage < 1.0 ? 1.0 : coverage;
  const double mark = std::round(shown * 10000.0) / 10000.0;
  if (mark > shown && mark - shown <= 1e-9 * shown) {
    shown = mark;
  }
  const double percent = std::fabs(shown * 100.0);
  if (!(percent < 1e15) || (percent != 0.0 && percent < 0.005)) {
    return format_percent(shown);  // short scientific form, or the first digits
  }
  return cut_percent(shown);
}

std::string format_fixed(double value, int decimals) {
  return group_thousands(value, decimals);
}

std::string format_hundredths(double value) {
  // The same rounding as format_fixed (of the exact binary value), so that one
  // figure never reads 21.22 in a column and 21.23 in a sentence.
  if (value != 0.0 && std::fabs(value) < 0.005) {
    return format_count(value);  // tiny, with its first digits: never a misleading 0
  }
  return trim_zeros(group_thousands(value, 2));
}

std::string format_count(double count) {
  if (count != 0.0 && std::fabs(count) < 0.005) {
    return fmt::format("{:.2g}", count);  // 1e-09, not 0
  }
  if (count == std::floor(count) && std::fabs(count) < 1e15) {
    return group_thousands(count, 0);
  }
  return trim_zeros(group_thousands(count, 2));
}

std::string format_exact(double value) {
  // The JSON form: whole numbers below 2^53 as integers (100000, not 1e+05).
  std::string text;
  append_json_number(text, value);
  return text;
}

}  // namespace leadplan
