#include "leadplan/load/values.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace leadplan {

namespace {

// A bare ratio above this (a `min_coverage` of 100) is taken for a forgotten `%`.
constexpr double k_max_bare_ratio = 10.0;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The YAML 1.2 core-schema decimal: [-+]? (.digits | digits(.digits?)?) ([eE][-+]?digits)?
bool is_decimal_syntax(std::string_view s, bool allow_exponent) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    ++i;
  }
  std::size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) {
    ++i;
    ++digits;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) {
      ++i;
      ++digits;
    }
  }
  if (digits == 0) {
    return false;
  }
  if (allow_exponent && i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      ++i;
    }
    std::size_t exponent_digits = 0;
    while (i < s.size() && is_digit(s[i])) {
      ++i;
      ++exponent_digits;
    }
    if (exponent_digits == 0) {
      return false;
    }
  }
  return i == s.size();
}

// Whether the integer part has a leading zero before another digit ("010", "-00.5"):
// YAML 1.1 reads "010" as octal 8 and YAML 1.2 as 10, so it is refused, not guessed.
bool has_leading_zero(std::string_view s) {
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    s.remove_prefix(1);
  }
  return s.size() >= 2 && s[0] == '0' && is_digit(s[1]);
}

// from_chars is locale-free and correctly rounded; it rejects a leading '+'.
// Values beyond double's range, and subnormal ones (below 2.2e-308, where
// precision is lost), are no numbers: "1e-400" must not become 0.
std::optional<double> convert(std::string_view s) {
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
  }
  double value = 0.0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  if (value != 0.0 && !std::isnormal(value)) {
    return std::nullopt;
  }
  return value;
}

// Whether a decimal literal that does not fit a double is too small (rather than
// too large): its first significant digit sits below the units ("0.000...4", "4e-320").
bool is_tiny(std::string_view s) {
  long exponent = 0;
  const std::size_t e = s.find_first_of("eE");
  if (e != std::string_view::npos) {
    std::string_view digits = s.substr(e + 1);
    const bool negative = !digits.empty() && digits.front() == '-';
    if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) {
      digits.remove_prefix(1);
    }
    for (char c : digits) {
      exponent = std::min(exponent * 10 + (c - '0'), 100000L);
    }
    exponent = negative ? -exponent : exponent;
    s = s.substr(0, e);
  }
  long position = 0;  // decimal exponent of the digit being read
  const std::size_t point = s.find('.');
  const std::size_t int_end = point == std::string_view::npos ? s.size() : point;
  long int_digits = 0;
  for (std::size_t i = 0; i < int_end; ++i) {
    int_digits += is_digit(s[i]) ? 1 : 0;
  }
  position = int_digits - 1;
  for (char c : s) {
    if (!is_digit(c)) {
      continue;
    }
    if (c != '0') {
      return position + exponent < 0;
    }
    --position;
  }
  return false;
}

bool looks_special(std::string_view s) {
  for (std::string_view word :
       {".inf", "+.inf", "-.inf", ".Inf", "+.Inf", "-.Inf", ".INF", "+.INF", "-.INF", ".nan",
        ".NaN", ".NAN", "inf", "nan", "infinity", "Infinity", "NaN"}) {
    if (s == word) {
      return true;
    }
  }
  return false;
}

bool is_boolean(std::string_view s) {
  for (std::string_view word : {"true", "false", "True", "False", "TRUE", "FALSE", "yes", "no",
                                "Yes", "No", "YES", "NO", "on", "off", "On", "Off", "ON", "OFF"}) {
    if (s == word) {
      return true;
    }
  }
  return false;
}

bool is_null(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// `text` with control characters written as escapes (`\n`, `\x1b`): messages stay on one line.
std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// A short human reading of what was written, for messages.
std::string shown(std::string_view text) {
  if (text.size() > 40) {
    // Cut at a character boundary: half an `é` would make the message invalid UTF-8.
    std::size_t cut = 37;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    return fmt::format("`{}...`", escaped(text.substr(0, cut)));
  }
  return fmt::format("`{}`", escaped(text));
}

// Formats a number the way a person wrote it: 20, 0.2, 1e+20.
std::string plain(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

const char* kind_noun(ValueKind kind) {
  switch (kind) {
    case ValueKind::rate:
      return "a rate";
    case ValueKind::share:
      return "a share";
    case ValueKind::ratio:
      return "a ratio";
    case ValueKind::money:
      return "an amount of money";
    case ValueKind::count:
    case ValueKind::quantity:
      return "a number";
    case ValueKind::probability:
      return "a probability";
    case ValueKind::days:
      return "a number of days";
    case ValueKind::whole:
    case ValueKind::positive_whole:
      return "a whole number";
  }
  return "a number";
}

bool is_fraction(ValueKind kind) {
  return kind == ValueKind::rate || kind == ValueKind::share || kind == ValueKind::ratio ||
         kind == ValueKind::probability;
}

}  // namespace

std::optional<double> parse_decimal(std::string_view text) {
  if (!is_decimal_syntax(text, true) || has_leading_zero(text)) {
    return std::nullopt;
  }
  return convert(text);
}

ValueResult check_range(std::string_view key, double value, bool percent, ValueKind kind,
                        std::string_view text) {
  ValueResult r;
  // Every comparison is written so that a NaN fails it.
  if (!std::isfinite(value)) {
    r.message = fmt::format("`{}` must be a finite number, got {}", key, shown(text));
    return r;
  }
  switch (kind) {
    case ValueKind::rate:
    case ValueKind::share:
      // A rate is above 0; a share may be 0 (a channel switched off). Both are at most 1.
      if (kind == ValueKind::rate && !(value > 0.0)) {
        r.message = fmt::format("`{}` must be above 0%, got {}", key, shown(text));
      } else if (kind == ValueKind::share && !(value >= 0.0)) {
        r.message = fmt::format("`{}` must not be negative, got {}", key, shown(text));
      } else if (!(value <= 1.0)) {
        if (percent) {
          r.message = fmt::format("`{}` must be at most 100%, got {}", key, shown(text));
        } else {
          r.message = fmt::format("`{}` {} is above 1", key, shown(text));
          r.hint = fmt::format("write `{}%` or `{}`", plain(value), plain(value / 100.0));
        }
      }
      break;
    case ValueKind::ratio:
      if (!(value > 0.0)) {
        r.message = fmt::format("`{}` must be above 0, got {}", key, shown(text));
      } else if (!(value <= k_max_value)) {
        r.message = fmt::format("`{}` must be at most 1e15, got {}", key, shown(text));
      } else if (!percent && value > k_max_bare_ratio) {
        // 1.2 is 120%, but a bare 100 is surely 100% with the sign forgotten.
        r.message = fmt::format("`{}` {} would be {}%", key, shown(text), plain(value * 100.0));
        r.hint = fmt::format("write `{}%` or `{}`", plain(value), plain(value / 100.0));
      }
      break;
    case ValueKind::probability:
      if (!(value > 0.0)) {
        r.message = fmt::format("`{}` must be above 0%, got {}", key, shown(text));
      } else if (!(value < 1.0)) {
        if (!percent && value > 1.0) {
          r.message = fmt::format("`{}` {} is above 1", key, shown(text));
          r.hint = fmt::format("write `{}%` or `{}`", plain(value), plain(value / 100.0));
        } else {
          r.message = fmt::format("`{}` must be below 100%, got {}", key, shown(text));
          r.hint = "no plan hits its target with certainty; ask for 99% or 99.9%";
        }
      }
      break;
    case ValueKind::money:
    case ValueKind::count:
      if (!(value > 0.0)) {
        r.message = fmt::format("`{}` must be greater than 0, got {}", key, shown(text));
      } else if (!(value <= k_max_value)) {
        r.message = fmt::format("`{}` must be at most 1e15, got {}", key, shown(text));
      }
      break;
    case ValueKind::quantity:
    case ValueKind::days:
    case ValueKind::whole:
    case ValueKind::positive_whole:
      if (kind == ValueKind::positive_whole ? !(value >= 1.0) : !(value >= 0.0)) {
        r.message = fmt::format("`{}` must be {}, got {}", key,
                                kind == ValueKind::positive_whole ? "at least 1" : "0 or more",
                                shown(text));
      } else if (!(value <= k_max_value)) {
        r.message = fmt::format("`{}` must be at most 1e15, got {}", key, shown(text));
      } else if ((kind == ValueKind::whole || kind == ValueKind::positive_whole) &&
                 value != std::floor(value)) {
        r.message = fmt::format("`{}` must be a whole number, got {}", key, shown(text));
      }
      break;
  }
  if (r.message.empty()) {
    r.value = value;
  }
  return r;
}

ValueResult parse_value(std::string_view key, std::string_view text, bool quoted, ValueKind kind) {
  ValueResult r;
  std::string_view body = text;
  while (!body.empty() && (body.back() == ' ' || body.back() == '\t')) {
    body.remove_suffix(1);
  }
  const bool percent = !body.empty() && body.back() == '%';
  if (percent) {
    body.remove_suffix(1);
    while (!body.empty() && body.back() == ' ') {
      body.remove_suffix(1);
    }
    if (!is_fraction(kind)) {
      r.message = fmt::format("`{}` must be {}, not a percentage, got {}", key, kind_noun(kind),
                              shown(text));
      return r;
    }
    if (!is_decimal_syntax(body, false)) {
      r.message = fmt::format("`{}` must be {}, got {}", key, kind_noun(kind), shown(text));
      r.hint = "write a percentage as `20%` or `12.5%`";
      return r;
    }
    if (has_leading_zero(body)) {
      r.message = fmt::format("`{}` must be {}, got {}", key, kind_noun(kind), shown(text));
      r.hint = "remove the leading zeros";
      return r;
    }
    // "33.3%" is read as the decimal 33.3e-2, correctly rounded: exactly the
    // double that "0.333" gives, so 20% and 0.2 are the same number.
    std::string scaled(body);
    scaled += "e-2";
    const std::optional<double> value = convert(scaled);
    if (!value) {
      r.message = fmt::format("`{}` {} is out of range", key, shown(text));
      return r;
    }
    return check_range(key, *value, true, kind, text);
  }
  if (quoted) {
    r.message = fmt::format("`{}` must be {}, got the text {}", key, kind_noun(kind), shown(text));
    if (const auto number = parse_decimal(body)) {
      // The hint must lead to a value that is valid, not to the next error.
      r.hint = is_fraction(kind) && kind != ValueKind::ratio && *number > 1.0
                   ? fmt::format("write `{}%` or `{}`", plain(*number), plain(*number / 100.0))
                   : std::string("remove the quotes");
    }
    return r;
  }
  if (is_null(body)) {
    r.message = fmt::format("`{}` has no value", key);
    r.hint = fmt::format("give {} or remove the key", kind_noun(kind));
    return r;
  }
  if (looks_special(body)) {
    r.message = fmt::format("`{}` must be a finite number, got {}", key, shown(text));
    return r;
  }
  if (is_boolean(body)) {
    r.message =
        fmt::format("`{}` must be {}, got the boolean {}", key, kind_noun(kind), shown(text));
    return r;
  }
  if (!is_decimal_syntax(body, true)) {
    r.message = fmt::format("`{}` must be {}, got {}", key, kind_noun(kind), shown(text));
    if (body.find(',') != std::string_view::npos || body.find('_') != std::string_view::npos) {
      r.hint = "write the number without separators, e.g. `10000`";
    } else if (!body.empty() && (body.front() == '$' || body.back() == 'k' || body.back() == 'K')) {
      r.hint = "write a plain number, e.g. `10000`";
    } else if (is_fraction(kind)) {
      r.hint = "write `20%` or `0.2`";
    }
    return r;
  }
  if (has_leading_zero(body)) {
    r.message = fmt::format("`{}` must be {}, got {}", key, kind_noun(kind), shown(text));
    r.hint = "remove the leading zeros (YAML 1.1 reads numbers such as `010` as octal)";
    return r;
  }
  const std::optional<double> value = convert(body);
  if (!value) {
    const bool tiny = is_tiny(body);
    r.message =
        fmt::format("`{}` {} is too {} to be a number", key, shown(text), tiny ? "small" : "large");
    return r;
  }
  return check_range(key, *value, false, kind, text);
}

}  // namespace leadplan
