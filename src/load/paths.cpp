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

// One step of a path through the schema: the key, and the name or index that
// followed it for lists and maps.
struct PathStep {
  const KeySpec* spec = nullptr;
  std::string_view item;  // the stage, channel or tier a list or map step names
};

// The keys `path` walks through, or nullopt when a part names no key of `schema`.
std::optional<std::vector<PathStep>> walk(std::string_view path, const Schema& schema) {
  const std::vector<std::string_view> parts = split(path, '.');
  std::vector<PathStep> steps;
  Section section = Section::scenario;
  for (std::size_t i = 0; i < parts.size();) {
    const KeySpec* spec = schema.find(section, parts[i]);
    if (spec == nullptr) {
      return std::nullopt;
    }
    const bool last = i + 1 == parts.size();
    const Shape shape = spec->shape == Shape::scalar && !last && spec->alternative
                            ? *spec->alternative
                            : spec->shape;
    switch (shape) {
      case Shape::scalar:
        if (!last) {
          return std::nullopt;
        }
        steps.push_back({spec, {}});
        return steps;
      case Shape::section:
        steps.push_back({spec, {}});
        section = spec->child;
        ++i;
        break;
      case Shape::entries:
        if (i + 2 >= parts.size()) {
          return std::nullopt;
        }
        steps.push_back({spec, parts[i + 1]});
        section = spec->child;
        i += 2;
        break;
      case Shape::stage_map:
      case Shape::text_map:
      case Shape::list:
        if (i + 2 != parts.size()) {
          return std::nullopt;
        }
        steps.push_back({spec, parts[i + 1]});
        return steps;
    }
  }
  return std::nullopt;  // a path that ends in a section or a list names no value
}

template <typename Item, typename Name>
Item* find_named(std::vector<Item>& items, std::string_view name, Name name_of) {
  for (Item& item : items) {
    if (name_of(item) == name) {
      return &item;
    }
  }
  return nullptr;
}

std::optional<std::size_t> stage_index(const Scenario& scenario, std::string_view name) {
  for (std::size_t i = 0; i < scenario.stages.size(); ++i) {
    if (scenario.stages[i].name == name) {
      return i;
    }
  }
  return std::nullopt;
}

}  // namespace

PathInfo describe_path(std::string_view path, const Schema& schema) {
  PathInfo info;
  const std::optional<std::vector<PathStep>> steps = walk(path, schema);
  if (!steps) {
    return info;
  }
  const PathStep& leaf = steps->back();
  info.known = true;
  const bool map_value = leaf.spec->shape != Shape::scalar || !leaf.item.empty();
  if (leaf.spec->scalar == Scalar::number) {
    info.kind = map_value && leaf.spec->alternative && leaf.spec->shape == Shape::scalar
                    ? leaf.spec->alternative_number
                    : leaf.spec->number;
    info.varies = leaf.spec->varies;
  }
  info.key =
      map_value ? fmt::format("{}.{}", leaf.spec->name, leaf.item) : std::string(leaf.spec->name);
  return info;
}

std::optional<NumericField> resolve_numeric_path(Scenario& scenario, std::string_view path,
                                                 const Schema& schema) {
  const PathInfo info = describe_path(path, schema);
  if (!info.known || !info.kind || !info.varies) {
    return std::nullopt;
  }
  const std::vector<PathStep> steps = *walk(path, schema);
  // The struct of the section the path has reached, as KeySpec::field takes it.
  void* object = &scenario;
  Channel* channel = nullptr;
  Timeline* timeline = nullptr;
  for (std::size_t i = 0; i + 1 < steps.size(); ++i) {
    const PathStep& step = steps[i];
    switch (step.spec->child) {
      case Section::target:
        object = &scenario.target;
        break;
      case Section::checks:
        object = &scenario.checks;
        break;
      case Section::timeline:
        if (!scenario.timeline) {
          return std::nullopt;
        }
        timeline = &*scenario.timeline;
        object = timeline;
        break;
      case Section::actuals:
        if (!scenario.actuals) {
          return std::nullopt;
        }
        object = &*scenario.actuals;
        break;
      case Section::stage: {
        Stage* stage =
            find_named(scenario.stages, step.item, [](const Stage& s) { return s.name; });
        if (stage == nullptr) {
          return std::nullopt;
        }
        object = stage;
        break;
      }
      case Section::evidence: {
        Stage* stage = static_cast<Stage*>(object);
        if (!stage->evidence) {
          return std::nullopt;
        }
        object = &*stage->evidence;
        break;
      }
      case Section::channel:
        channel = find_named(scenario.channels, step.item, [](const Channel& c) { return c.name; });
        if (channel == nullptr) {
          return std::nullopt;
        }
        object = channel;
        break;
      case Section::tier: {
        std::size_t index = 0;
        const auto [end, error] =
            std::from_chars(step.item.data(), step.item.data() + step.item.size(), index);
        if (channel == nullptr || error != std::errc() ||
            end != step.item.data() + step.item.size() || index >= channel->cpl_tiers.size()) {
          return std::nullopt;
        }
        object = &channel->cpl_tiers[index];
        break;
      }
      case Section::scenario:
        break;
    }
  }
  const PathStep& leaf = steps.back();
  if (leaf.spec->field != nullptr && leaf.item.empty()) {
    return leaf.spec->field(object);
  }
  // The keys whose numbers live by stage: a channel's rates, a timeline's lags.
  if (leaf.spec->section == Section::channel && channel != nullptr) {
    const std::optional<std::size_t> stage = leaf.spec->name == "mql_rate"
                                                 ? std::optional<std::size_t>(1)
                                                 : stage_index(scenario, leaf.item);
    if (!stage || *stage >= channel->rates.size()) {
      return std::nullopt;
    }
    return NumericField(&channel->rates[*stage]);
  }
  if (leaf.spec->section == Section::timeline && timeline != nullptr) {
    const std::optional<std::size_t> stage = stage_index(scenario, leaf.item);
    if (!stage || *stage >= timeline->lags.size() || !timeline->lags[*stage].shares.empty()) {
      return std::nullopt;
    }
    return NumericField(&timeline->lags[*stage].days);
  }
  return std::nullopt;
}

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

const char* placeholder_value(ValueKind kind) {
  switch (kind) {
    case ValueKind::share:
    case ValueKind::quantity:
    case ValueKind::days:
    case ValueKind::whole:
      return "0";
    case ValueKind::probability:
      return "0.5";
    default:
      return "1";
  }
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
  // Steps finer than a double can tell apart near the range's values would repeat
  // values: 1e15 + 0.01 is 1e15.
  const double magnitude = std::max(std::fabs(from.value), std::fabs(to.value));
  const double resolution = std::nextafter(magnitude, HUGE_VAL) - magnitude;
  if (from.value != to.value && !(step.value > resolution)) {
    r.message = fmt::format("`{}`: STEP {} is finer than numbers near {} can tell apart", key,
                            shown(parts[2]), shown(parts[1]));
    r.hint =
        fmt::format("use a STEP of at least {:g}, or the values would repeat", 2.0 * resolution);
    return r;
  }
  r.range = RangeParser::make(from, to, step);
  return r;
}

}  // namespace leadplan
