#include "leadplan/load/paths.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <vector>

#include <fmt/format.h>

namespace leadplan {

namespace {

// 2^53: integers below it are exact doubles.
constexpr std::int64_t k_exact_limit = std::int64_t{1} << 53;

// 10^0 .. 10^22, every one an exact double.
constexpr int k_max_decimals = 22;

double power_of_ten(int exponent) {
  double scale = 1.0;
  for (int i = 0; i < exponent; ++i) {
    scale *= 10.0;
  }
  return scale;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = text.find(separator, start);
    parts.push_back(
        text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) {
      return parts;
    }
    start = at + 1;
  }
}

bool is_fraction(ValueKind kind) {
  return kind == ValueKind::rate || kind == ValueKind::share || kind == ValueKind::ratio;
}

// Integers print without a fraction ("1000000", not "1e+06"), others in the shortest
// form that reads back exactly.
std::string plain_number(double value) {
  char buffer[32];
  std::to_chars_result result{};
  if (value == std::trunc(value) && std::fabs(value) < 9007199254740992.0) {
    result = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value));
  } else {
    result = std::to_chars(buffer, buffer + sizeof buffer, value);
  }
  return std::string(buffer, result.ptr);
}

std::string shown(std::string_view text) {
  if (text.size() > 40) {
    return fmt::format("`{}...`", text.substr(0, 37));
  }
  return fmt::format("`{}`", text);
}

// One of FROM, TO, STEP: its value, and when the decimal text allows, the same value
// as `units` / 10^`decimals` with `units` an exact integer.
struct Bound {
  double value = 0.0;
  bool percent = false;
  bool exact = false;
  std::int64_t units = 0;
  int decimals = 0;
};

// The integer form of the decimal `body` ([-+]digits[.digits][e[-+]digits]), scaled
// by 10^-`shift` (2 for a percentage).
void find_units(std::string_view body, int shift, Bound& bound) {
  bool negative = false;
  std::size_t i = 0;
  if (i < body.size() && (body[i] == '+' || body[i] == '-')) {
    negative = body[i] == '-';
    ++i;
  }
  std::int64_t units = 0;
  int fraction_digits = 0;
  bool in_fraction = false;
  for (; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '.') {
      in_fraction = true;
      continue;
    }
    if (c < '0' || c > '9') {
      break;
    }
    if (units >= k_exact_limit / 10) {
      return;  // too many digits for an exact integer: the double form is used
    }
    units = units * 10 + (c - '0');
    fraction_digits += in_fraction ? 1 : 0;
  }
  int exponent = 0;
  if (i < body.size()) {  // the exponent; the syntax was checked by parse_decimal
    const char* first = body.data() + i + 1;
    if (*first == '+') {
      ++first;
    }
    const auto [end, error] = std::from_chars(first, body.data() + body.size(), exponent);
    if (error != std::errc() || end != body.data() + body.size() || exponent < -400 ||
        exponent > 400) {
      return;
    }
  }
  int decimals = fraction_digits - exponent + shift;
  while (decimals < 0) {
    if (units >= k_exact_limit / 10) {
      return;
    }
    units *= 10;
    ++decimals;
  }
  if (decimals > k_max_decimals) {
    return;
  }
  bound.exact = true;
  bound.units = negative ? -units : units;
  bound.decimals = decimals;
}

// Brings `bound` to `decimals` places; false when its units would not stay exact.
bool rescale(Bound& bound, int decimals) {
  while (bound.decimals < decimals) {
    if (bound.units >= k_exact_limit / 10 || bound.units <= -k_exact_limit / 10) {
      return false;
    }
    bound.units *= 10;
    ++bound.decimals;
  }
  return true;
}

struct BoundResult {
  std::optional<Bound> bound;
  std::string message;
  std::string hint;
};

BoundResult parse_bound(std::string_view text, std::string_view what, std::string_view key,
                        ValueKind kind) {
  BoundResult r;
  Bound bound;
  std::string_view body = text;
  bound.percent = !body.empty() && body.back() == '%';
  if (bound.percent) {
    body.remove_suffix(1);
    if (!is_fraction(kind)) {
      r.message = fmt::format("`{}`: {} must be a number, not a percentage, got {}", key, what,
                              shown(text));
      return r;
    }
    const bool plain = !body.empty() && body.find_first_of("eE") == std::string_view::npos &&
                       parse_decimal(body).has_value();
    std::optional<double> value;
    if (plain) {
      // As the loader reads "33.3%": the decimal 33.3e-2, correctly rounded.
      std::string scaled(body);
      scaled += "e-2";
      value = parse_decimal(scaled);
    }
    if (!value) {
      r.message =
          fmt::format("`{}`: {} must be a number or a percentage, got {}", key, what, shown(text));
      r.hint = "write a percentage as `20%` or `12.5%`";
      return r;
    }
    bound.value = *value;
    find_units(body, 2, bound);
  } else {
    const std::optional<double> value = parse_decimal(body);
    if (!value) {
      r.message = fmt::format("`{}`: {} must be a number{}, got {}", key, what,
                              is_fraction(kind) ? " or a percentage" : "", shown(text));
      if (is_fraction(kind)) {
        r.hint = "write `20%` or `0.2`";
      }
      return r;
    }
    bound.value = *value;
    find_units(body, 0, bound);
  }
  r.bound = bound;
  return r;
}

constexpr std::array<std::pair<std::string_view, std::optional<ValueKind>>, 3> k_target = {{
    {"wins", ValueKind::count},
    {"revenue", ValueKind::money},
    {"deal_size", ValueKind::money},
}};

template <std::size_t N>
PathInfo lookup(const std::array<std::pair<std::string_view, std::optional<ValueKind>>, N>& keys,
                std::string_view key) {
  for (const auto& [name, kind] : keys) {
    if (name == key) {
      return PathInfo{true, kind, key};
    }
  }
  return PathInfo{false, std::nullopt, key};
}

constexpr std::array<std::pair<std::string_view, std::optional<ValueKind>>, 4> k_stage = {{
    {"stage", std::nullopt},
    {"rate", ValueKind::rate},
    {"benchmark", ValueKind::rate},
    {"capacity", ValueKind::count},
}};

constexpr std::array<std::pair<std::string_view, std::optional<ValueKind>>, 5> k_channel = {{
    {"name", std::nullopt},
    {"cpl", ValueKind::money},
    {"mql_rate", ValueKind::rate},
    {"share", ValueKind::share},
    {"max_leads", ValueKind::count},
}};

constexpr std::array<std::pair<std::string_view, std::optional<ValueKind>>, 6> k_checks = {{
    {"min_coverage", ValueKind::ratio},
    {"min_allowable_cpl", ValueKind::money},
    {"max_required_leads", ValueKind::count},
    {"max_budget_needed", ValueKind::money},
    {"max_blended_effective_cpl", ValueKind::money},
    {"channels_within_allowable", std::nullopt},
}};

constexpr std::array<std::pair<std::string_view, std::optional<ValueKind>>, 6> k_top = {{
    {"budget", ValueKind::money},
    {"leadplan", std::nullopt},
    {"name", std::nullopt},
    {"period", std::nullopt},
    {"currency", std::nullopt},
    {"rounding", std::nullopt},
}};

}  // namespace

// Builds a Range from its three bounds.
struct RangeParser {
  static Range make(const Bound& from, const Bound& to, const Bound& step) {
    Range range;
    range.m_from = from.value;
    range.m_to = to.value;
    range.m_step = step.value;
    range.m_percent = from.percent || to.percent || step.percent;
    Bound f = from;
    Bound t = to;
    Bound s = step;
    const int decimals = std::max({f.decimals, t.decimals, s.decimals});
    range.m_exact = f.exact && t.exact && s.exact && rescale(f, decimals) && rescale(t, decimals) &&
                    rescale(s, decimals) && s.units > 0;
    if (range.m_exact) {
      range.m_from_units = f.units;
      range.m_step_units = s.units;
      range.m_decimals = decimals;
      range.m_scale = power_of_ten(decimals);
      range.m_count = static_cast<std::uint64_t>((t.units - f.units) / s.units) + 1;
      return range;
    }
    const double steps = (to.value - from.value) / step.value;
    range.m_count = steps < 1e18 ? static_cast<std::uint64_t>(std::floor(steps + 1e-9)) + 1
                                 : std::uint64_t{1} << 62;
    return range;
  }
};

double Range::value(std::uint64_t index) const {
  if (m_exact) {
    const auto units = m_from_units + static_cast<std::int64_t>(index) * m_step_units;
    return static_cast<double>(units) / m_scale;
  }
  const double value = m_from + static_cast<double>(index) * m_step;
  if (index + 1 == m_count && std::fabs(value - m_to) <= 1e-9 * m_step) {
    return m_to;
  }
  return value;
}

std::string Range::text(std::uint64_t index) const {
  if (!m_percent) {
    return plain_number(value(index));
  }
  if (m_exact) {
    const auto units = m_from_units + static_cast<std::int64_t>(index) * m_step_units;
    const double percent = m_decimals >= 2
                               ? static_cast<double>(units) / power_of_ten(m_decimals - 2)
                               : static_cast<double>(units) * power_of_ten(2 - m_decimals);
    return plain_number(percent) + "%";
  }
  return plain_number(value(index) * 100.0) + "%";
}

PathInfo describe_path(std::string_view path) {
  const std::vector<std::string_view> parts = split(path, '.');
  const std::string_view head = parts[0];
  if (head == "target" || head == "checks") {
    if (parts.size() != 2) {
      return PathInfo{false, std::nullopt, path};
    }
    return head == "target" ? lookup(k_target, parts[1]) : lookup(k_checks, parts[1]);
  }
  if (head == "funnel" || head == "channels") {
    if (parts.size() != 3) {
      return PathInfo{false, std::nullopt, path};
    }
    return head == "funnel" ? lookup(k_stage, parts[2]) : lookup(k_channel, parts[2]);
  }
  if (parts.size() != 1) {
    return PathInfo{false, std::nullopt, path};
  }
  return lookup(k_top, head);
}

std::optional<NumericField> resolve_numeric_path(Scenario& scenario, std::string_view path) {
  const PathInfo info = describe_path(path);
  if (!info.known || !info.kind) {
    return std::nullopt;
  }
  const std::vector<std::string_view> parts = split(path, '.');
  const std::string_view head = parts[0];
  const std::string_view key = info.key;
  if (head == "budget") {
    return NumericField(&scenario.budget);
  }
  if (head == "target") {
    Target& t = scenario.target;
    return NumericField(key == "wins" ? &t.wins : key == "revenue" ? &t.revenue : &t.deal_size);
  }
  if (head == "checks") {
    Limits& l = scenario.checks;
    if (key == "min_coverage") {
      return NumericField(&l.min_coverage);
    }
    if (key == "min_allowable_cpl") {
      return NumericField(&l.min_allowable_cpl);
    }
    if (key == "max_required_leads") {
      return NumericField(&l.max_required_leads);
    }
    if (key == "max_budget_needed") {
      return NumericField(&l.max_budget_needed);
    }
    return NumericField(&l.max_blended_effective_cpl);
  }
  if (head == "funnel") {
    for (Stage& stage : scenario.stages) {
      if (stage.name == parts[1]) {
        if (key == "rate") {
          return NumericField(&stage.rate);
        }
        return NumericField(key == "benchmark" ? &stage.benchmark : &stage.capacity);
      }
    }
    return std::nullopt;
  }
  for (Channel& channel : scenario.channels) {
    if (channel.name == parts[1]) {
      if (key == "cpl") {
        return NumericField(&channel.cpl);
      }
      return NumericField(key == "mql_rate" ? &channel.mql_rate
                          : key == "share"  ? &channel.share
                                            : &channel.max_leads);
    }
  }
  return std::nullopt;
}

const char* placeholder_value(ValueKind kind) {
  return kind == ValueKind::share ? "0" : "1";
}

RangeResult parse_range(std::string_view text, std::string_view key, ValueKind kind) {
  RangeResult r;
  const std::vector<std::string_view> parts = split(text, ':');
  if (parts.size() != 3) {
    r.message = fmt::format("`{}`: the range {} must have the form FROM:TO:STEP", key, shown(text));
    r.hint = is_fraction(kind) ? "e.g. `10%:40%:5%`" : "e.g. `5000:20000:1000`";
    return r;
  }
  constexpr std::array<std::string_view, 3> k_names = {"FROM", "TO", "STEP"};
  std::array<Bound, 3> bounds;
  for (std::size_t i = 0; i < 3; ++i) {
    BoundResult b = parse_bound(parts[i], k_names[i], key, kind);
    if (!b.bound) {
      r.message = std::move(b.message);
      r.hint = std::move(b.hint);
      return r;
    }
    bounds[i] = *b.bound;
  }
  const auto& [from, to, step] = bounds;
  if (!(step.value > 0.0)) {
    r.message = fmt::format("`{}`: STEP must be greater than 0, got {}", key, shown(parts[2]));
    return r;
  }
  if (!(from.value <= to.value)) {
    r.message =
        fmt::format("`{}`: FROM {} is greater than TO {}", key, shown(parts[0]), shown(parts[1]));
    r.hint = "write the smaller value first";
    return r;
  }
  r.range = RangeParser::make(from, to, step);
  return r;
}

}  // namespace leadplan
