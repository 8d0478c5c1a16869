#include "leadplan/load/values.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "leadplan/load/scenario_loader.hpp"

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

// A number as a person may have written it for a document or a spreadsheet
// (`$10,000`, `12,50 €`, `10000 USD`, `1.234,5`), read back into a plain decimal.
struct WrittenNumber {
  std::string decimal;         // the plain decimal it means: `10000`, `12.50`
  bool currency_sign = false;  // $, €, £ or ¥ before or after it
  bool currency_code = false;  // `USD 10000`, `10000 USD`
  bool grouped = false;        // thousands separators (`,`, `.`, `_`) left out
  bool decimal_comma = false;  // a comma read as the decimal point
};

void trim_spaces(std::string_view& s) {
  while (!s.empty() && s.front() == ' ') {
    s.remove_prefix(1);
  }
  while (!s.empty() && s.back() == ' ') {
    s.remove_suffix(1);
  }
}

// Whether the separator at `at` in `digits` groups thousands: exactly three digits follow
// it before the next separator or the end, and the group before it has 1 to 3 digits,
// not starting with 0 (`0,200` is a decimal comma) when it is the first.
bool groups_thousands(std::string_view digits, std::size_t at, std::size_t group_start) {
  const std::size_t before = at - group_start;
  if (before == 0 || before > 3 || (group_start == 0 && digits[0] == '0')) {
    return false;
  }
  std::size_t after = 0;
  while (at + 1 + after < digits.size() && is_digit(digits[at + 1 + after])) {
    ++after;
  }
  return after == 3;
}

// Reads `text` as a written number, or nullopt when it is not one (`ten`, `0x10`, `10k`).
// The rule for a separator (docs/scenario.md, "Numbers"): with both `,` and `.`, the last
// one is the decimal point and the other groups thousands (`10,000.50`, `10.000,50`); a
// lone `,` followed by exactly three digits groups thousands (`10,000`, `1,000,000`),
// any other comma is a decimal comma (`0,2`, `12,50`, `0,200`); `_` always groups.
std::optional<WrittenNumber> read_written_number(std::string_view text) {
  WrittenNumber w;
  std::string sign;
  std::string_view s = text;
  const auto take_sign = [&] {
    if (sign.empty() && !s.empty() && (s.front() == '-' || s.front() == '+')) {
      sign = std::string(1, s.front());
      s.remove_prefix(1);
    }
  };
  take_sign();
  for (std::string_view symbol : {"$", "\xE2\x82\xAC", "\xC2\xA3", "\xC2\xA5"}) {  // $ € £ ¥
    if (s.substr(0, symbol.size()) == symbol) {
      s.remove_prefix(symbol.size());
    } else if (s.size() >= symbol.size() && s.substr(s.size() - symbol.size()) == symbol) {
      s.remove_suffix(symbol.size());
    } else {
      continue;
    }
    w.currency_sign = true;
    break;
  }
  if (!w.currency_sign && s.size() > 4) {
    if (s[3] == ' ' && is_currency_code(s.substr(0, 3))) {
      s.remove_prefix(4);
      w.currency_code = true;
    } else if (s[s.size() - 4] == ' ' && is_currency_code(s.substr(s.size() - 3))) {
      s.remove_suffix(4);
      w.currency_code = true;
    }
  }
  trim_spaces(s);
  take_sign();
  if (s.empty() || !is_digit(s.front()) || !is_digit(s.back())) {
    return std::nullopt;
  }
  std::size_t commas = 0;
  std::size_t dots = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_digit(s[i])) {
      continue;
    }
    if ((s[i] != ',' && s[i] != '.' && s[i] != '_') || !is_digit(s[i + 1])) {
      return std::nullopt;  // another character, or two separators in a row
    }
    commas += s[i] == ',' ? 1U : 0U;
    dots += s[i] == '.' ? 1U : 0U;
  }
  // The decimal point, if any: the last of `,` and `.` when both are written.
  char point = '\0';
  if (commas > 0 && dots > 0) {
    point = s.find_last_of(",.") == s.rfind(',') ? ',' : '.';
  } else if (commas == 1 && !groups_thousands(s, s.find(','), 0)) {
    point = ',';
  } else if (dots == 1) {
    point = '.';
  }
  if ((point == ',' && commas != 1) || (point == '.' && dots != 1)) {
    return std::nullopt;
  }
  const char group = point == ',' ? '.' : point == '.' ? ',' : commas > 0 ? ',' : '.';
  w.decimal = sign;
  std::size_t group_start = 0;
  bool in_fraction = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (is_digit(c)) {
      w.decimal.push_back(c);
    } else if (c == point) {
      w.decimal.push_back('.');
      w.decimal_comma = c == ',';
      in_fraction = true;
    } else if (c == '_') {
      w.grouped = true;
    } else if (c == group && !in_fraction && groups_thousands(s, i, group_start)) {
      w.grouped = true;
      group_start = i + 1;
    } else {
      return std::nullopt;  // `1,00,000`, `1.5,000`: no reading is safe
    }
  }
  if (!w.currency_sign && !w.currency_code && !w.grouped && !w.decimal_comma) {
    return std::nullopt;
  }
  return w;
}

// The hint for a written number: what to leave out, and the value to write instead,
// as a percentage where `kind` needs one for it to be valid (`rate: 40,5` -> `40.5%`).
std::string written_number_hint(const WrittenNumber& w, std::string_view key, ValueKind kind,
                                bool percent) {
  std::string value = w.decimal;
  if (percent) {
    value += '%';
  } else if (const auto number = parse_decimal(w.decimal);
             number && is_fraction(kind) && !check_range(key, *number, false, kind, value).value) {
    if (check_range(key, *number / 100.0, true, kind, value).value) {
      value += '%';
    }
  }
  std::string without;
  if (w.currency_sign || w.currency_code) {
    without = w.currency_sign ? "the currency sign" : "the currency code";
  }
  if (w.grouped) {
    without += without.empty() ? "separators" : " and separators";
  }
  std::string hint = "write the number";
  if (!without.empty()) {
    hint += " without " + without;
  }
  if (w.decimal_comma) {
    hint += without.empty() ? " with a decimal point" : ", with a decimal point";
  }
  hint += fmt::format(": `{}`", value);
  if (w.currency_code) {
    hint += " (`currency:` sets the currency)";
  }
  return hint;
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
      const auto written = read_written_number(body);
      r.hint = written ? written_number_hint(*written, key, kind, true)
                       : std::string("write a percentage as `20%` or `12.5%`");
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
    if (const auto written = read_written_number(body)) {
      r.hint = written_number_hint(*written, key, kind, false);
    } else if (body.find(',') != std::string_view::npos ||
               body.find('_') != std::string_view::npos) {
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
