#include <algorithm>

#include <fmt/format.h>

#include "leadplan/model/check.hpp"
#include "leadplan/report/format.hpp"
#include "leadplan/report/plan_lines.hpp"
#include "leadplan/report/report.hpp"

namespace leadplan {

namespace {

// The checks with the failing ones first, each group in its original order.
std::vector<const CheckResult*> failing_first(const std::vector<CheckResult>& checks) {
  std::vector<const CheckResult*> ordered;
  ordered.reserve(checks.size());
  for (const CheckResult& c : checks) {
    ordered.push_back(&c);
  }
  std::stable_partition(ordered.begin(), ordered.end(),
                        [](const CheckResult* c) { return !c->passed; });
  return ordered;
}

// `value` of a check measured in `unit`, as the rest of the report prints it.
// A fraction that fails is rounded down, so that it never reads 100%.
std::string shown(const CheckResult& c, std::optional<double> value, bool is_actual,
                  const std::string& currency) {
  if (!value) {
    return "-";
  }
  switch (c.unit) {
    case CheckUnit::fraction:
      return is_actual ? format_coverage(*value, c.passed) : format_percent(*value);
    case CheckUnit::money:
      return format_money(*value, currency);
    case CheckUnit::count:
    case CheckUnit::flag:
      break;
  }
  return format_count(*value);
}

std::string shown_actual(const CheckResult& c, const std::string& currency) {
  if (c.is_flag) {
    return c.actual_flag ? (*c.actual_flag ? "true" : "false") : "-";
  }
  return shown(c, c.actual, true, currency);
}

std::string shown_limit(const CheckResult& c, const std::string& currency) {
  if (c.is_flag) {
    return c.limit_flag ? (*c.limit_flag ? "true" : "false") : "-";
  }
  return shown(c, c.limit, false, currency);
}

std::size_t failures(const std::vector<CheckResult>& checks) {
  return static_cast<std::size_t>(
      std::count_if(checks.begin(), checks.end(), [](const CheckResult& c) { return !c.passed; }));
}

}  // namespace

std::string check_detail(const Scenario& s, const Plan& plan, const CheckResult& c) {
  if (!c.detail.empty()) {
    return c.detail;
  }
  const std::string& cur = s.currency;
  if (c.name == "budget" && plan.mix && plan.mix->projected_wins) {
    const double wins = *plan.mix->projected_wins;
    return fmt::format("the mix projects {} of the {} wins of the target (win coverage {})",
                       format_projected_wins(wins, plan.wins, c.passed), format_count(plan.wins),
                       shown_actual(c, cur));
  }
  if (c.name == "capacity") {
    std::vector<std::string> parts;
    for (std::size_t stage : c.over) {
      parts.push_back(fmt::format("`{}` needs {} with a capacity of {}", s.stages[stage].name,
                                  format_count(plan.stages[stage].required),
                                  format_count(s.stages[stage].capacity.value_or(0.0))));
    }
    return fmt::format("{}", fmt::join(parts, "; "));
  }
  if (c.name == "channels_within_allowable") {
    const std::string& second = s.stages[1].name;
    if (c.over.empty()) {
      return fmt::format("every channel's cost per `{}` is within the allowable", second);
    }
    std::vector<std::string_view> names;
    for (std::size_t channel : c.over) {
      names.push_back(s.channels[channel].name);
    }
    return fmt::format("over the allowable cost per `{}`: {}{}", second, fmt::join(names, ", "),
                       c.limit_flag.value_or(true) ? "" : " (not required: the limit is false)");
  }
  if (!c.actual) {
    return fmt::format("the mix buys no leads, so there is no {}", c.label);
  }
  return fmt::format("{} {}, {} {} wanted", c.label, shown_actual(c, cur),
                     c.bound == CheckBound::at_least ? "at least" : "at most", shown_limit(c, cur));
}

void write_checks_table(std::ostream& out, const Scenario& s, const Plan& plan,
                        const std::vector<CheckResult>& checks, bool quiet,
                        const TableStyle& style) {
  const std::string red = style.color ? "\x1b[31m" : "";
  const std::string green = style.color ? "\x1b[32m" : "";
  const std::string bold = style.color ? "\x1b[1m" : "";
  const std::string reset = style.color ? "\x1b[0m" : "";
  std::string text;
  if (!quiet) {
    text += "\n" + bold + "Checks" + reset + "\n";
    if (checks.empty()) {
      text += "  none apply (give a budget and channels, a capacity, or limits under `checks:`)\n";
    }
  }
  for (const CheckResult* c : failing_first(checks)) {
    if (quiet && c->passed) {
      continue;
    }
    text += fmt::format("  {}{}{}  {}: {}\n", c->passed ? green : red, c->passed ? "pass" : "FAIL",
                        reset, c->name, one_line(check_detail(s, plan, *c)));
  }
  const std::size_t failed = failures(checks);
  if (!quiet) {
    text += failed == 0 ? fmt::format("{} of {} checks passed\n", checks.size(), checks.size())
                        : fmt::format("{} of {} checks failed\n", failed, checks.size());
  }
  out << text;
}

void write_checks_markdown(std::ostream& out, const Scenario& s, const Plan& plan,
                           const std::vector<CheckResult>& checks) {
  const std::size_t failed = failures(checks);
  std::string text =
      fmt::format("\n#### Checks: {}\n\n",
                  failed == 0 ? std::string("all passed") : fmt::format("{} failed", failed));
  if (checks.empty()) {
    text += "No checks apply.\n";
    out << text;
    return;
  }
  text += "| | Check | Actual | Limit | Detail |\n|:-:|:--|--:|--:|:--|\n";
  for (const CheckResult* c : failing_first(checks)) {
    text += fmt::format("| {} | {} | {} | {} | {} |\n", c->passed ? "pass" : "**FAIL**",
                        markdown_cell(c->name), markdown_cell(shown_actual(*c, s.currency)),
                        markdown_cell(shown_limit(*c, s.currency)),
                        markdown_cell(check_detail(s, plan, *c)));
  }
  out << text;
}

}  // namespace leadplan
