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
  // a feasible coverage within the 1e-9 tolerance below 1 shows as 100%.
  const double shown = feasible && coverage < 1.0 ? 1.0 : coverage;
  return format_percent(std::floor(shown * 10000.0 * (1.0 + 1e-12)) / 10000.0);
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
