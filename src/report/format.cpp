#include "leadplan/report/format.hpp"

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
  std::string grouped = group_thousands(amount, 2);
  // Appends rather than `"-" + string`: g++ 12 at -O3 warns falsely (-Wrestrict) on that.
  std::string out;
  const bool negative = !grouped.empty() && grouped.front() == '-';
  if (negative) {
    out.push_back('-');
  }
  out += currency_symbol(currency);
  out.append(grouped, negative ? 1 : 0, std::string::npos);
  return out;
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
  return trim_zeros(fmt::format("{:.2f}", percent)) + "%";
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
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace leadplan
