#include <algorithm>

#include <fmt/format.h>

#include "leadplan/model/check.hpp"
#include "leadplan/report/format.hpp"
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

std::string shown_actual(const CheckResult& c) {
  if (c.is_flag) {
    return c.actual_flag ? (*c.actual_flag ? "true" : "false") : "-";
  }
  return c.actual ? format_exact(*c.actual) : "-";
}

std::string shown_limit(const CheckResult& c) {
  if (c.is_flag) {
    return c.limit_flag ? (*c.limit_flag ? "true" : "false") : "-";
  }
  return c.limit ? format_exact(*c.limit) : "-";
}

std::size_t failures(const std::vector<CheckResult>& checks) {
  return static_cast<std::size_t>(
      std::count_if(checks.begin(), checks.end(), [](const CheckResult& c) { return !c.passed; }));
}

}  // namespace

void write_checks_table(std::ostream& out, const std::vector<CheckResult>& checks, bool quiet,
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
                        reset, c->name, one_line(c->detail));
  }
  const std::size_t failed = failures(checks);
  if (!quiet) {
    text += failed == 0 ? fmt::format("{} of {} checks passed\n", checks.size(), checks.size())
                        : fmt::format("{} of {} checks failed\n", failed, checks.size());
  }
  out << text;
}

void write_checks_markdown(std::ostream& out, const std::vector<CheckResult>& checks) {
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
                        markdown_cell(c->name), shown_actual(*c), shown_limit(*c),
                        markdown_cell(c->detail));
  }
  out << text;
}

}  // namespace leadplan
