#include "leadplan/engine/checks.hpp"

#include <cmath>

#include <fmt/format.h>

#include "leadplan/engine/optimize.hpp"

namespace leadplan {

namespace {

// `actual` at least `limit`, allowing for the last bits of floating point.
bool at_least(double actual, double limit) {
  return actual >= limit * (1.0 - k_tolerance);
}

// `actual` at most `limit`, likewise.
bool at_most(double actual, double limit) {
  return actual <= limit * (1.0 + k_tolerance);
}

CheckResult numeric(const char* name, bool passed, double actual, double limit) {
  CheckResult r;
  r.name = name;
  r.passed = passed;
  r.actual = actual;
  r.limit = limit;
  return r;
}

// `x` rounded down to two decimals, for the figures a failing check quotes.
double round_down_2(double x) {
  return std::floor(x * 100.0 * (1.0 + 1e-12)) / 100.0;
}

// A coverage in percent for a check's detail: to nearest when the check passed,
// rounded down when it failed, so that a failure never reads "100.00%".
double coverage_shown(double coverage, bool passed) {
  const double percent = coverage * 100.0;
  return passed ? percent : round_down_2(percent);
}

// An upper limit on a mix figure; a mix that buys nothing (every share 0) has no
// such figure, and fails: no budget or cost makes it work.
CheckResult at_most_check(const char* name, std::optional<double> actual, double limit,
                          std::string detail) {
  CheckResult r;
  r.name = name;
  r.actual = actual;
  r.limit = limit;
  r.passed = actual && at_most(*actual, limit);
  r.detail = std::move(detail);
  return r;
}

}  // namespace

std::vector<PlanProblem> check_applicability(const Scenario& s) {
  std::vector<PlanProblem> problems;
  const Limits& l = s.checks;
  const bool budget = s.budget.has_value();
  const bool channels = !s.channels.empty();
  auto need = [&](bool present, bool given, LimitKey key, const char* name, const char* what) {
    if (given && !present) {
      problems.push_back(
          PlanProblem{l.location_of(key), fmt::format("`{}` needs {} to check", name, what)});
    }
  };
  need(budget && channels, l.min_coverage.has_value(), LimitKey::min_coverage, "min_coverage",
       "a `budget` and `channels`");
  need(budget, l.min_allowable_cpl.has_value(), LimitKey::min_allowable_cpl, "min_allowable_cpl",
       "a `budget`");
  need(channels, l.max_budget_needed.has_value(), LimitKey::max_budget_needed, "max_budget_needed",
       "`channels`");
  need(channels, l.max_blended_effective_cpl.has_value(), LimitKey::max_blended_effective_cpl,
       "max_blended_effective_cpl", "`channels`");
  need(budget && channels, l.channels_within_allowable.value_or(false),
       LimitKey::channels_within_allowable, "channels_within_allowable",
       "a `budget` and `channels`");
  need(budget && channels, l.min_mix_efficiency.has_value(), LimitKey::min_mix_efficiency,
       "min_mix_efficiency", "a `budget` and `channels`");
  return problems;
}

std::vector<CheckResult> run_checks(const Scenario& s, const Plan& plan) {
  std::vector<CheckResult> results;
  const Limits& l = s.checks;
  const std::string& second = s.stages[1].name;

  if (s.budget && plan.mix) {
    CheckResult r = numeric("budget", *plan.mix->feasible, *plan.mix->coverage, 1.0);
    // A mix just short of the target never reads "63.00 of the 63" or "100.00%"
    // beside a failed check: such figures are rounded down, others to nearest.
    const double bought = plan.mix->projected[1];
    const double shown = !r.passed && std::round(bought * 100.0) / 100.0 >= plan.stages[1].required
                             ? round_down_2(bought)
                             : bought;
    r.detail =
        fmt::format("the mix buys {:.2f} of the {} `{}` required (coverage {:.2f}%)", shown,
                    plan.stages[1].required, second, coverage_shown(*plan.mix->coverage, r.passed));
    results.push_back(std::move(r));
  }
  // capacity: the stage whose required count uses the most of its capacity.
  std::size_t tightest = s.stages.size();
  double load = 0.0;
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    if (s.stages[i].capacity) {
      const double use = plan.stages[i].required / *s.stages[i].capacity;
      if (tightest == s.stages.size() || use > load * (1.0 + k_tolerance)) {
        tightest = i;
        load = use;
      }
    }
  }
  if (tightest < s.stages.size()) {
    const double required = plan.stages[tightest].required;
    const double capacity = *s.stages[tightest].capacity;
    CheckResult r = numeric("capacity", at_most(required, capacity), required, capacity);
    r.detail = fmt::format("`{}` needs {} with a capacity of {}", s.stages[tightest].name, required,
                           capacity);
    results.push_back(std::move(r));
  }
  if (l.min_coverage && plan.mix && plan.mix->coverage) {
    CheckResult r = numeric("min_coverage", at_least(*plan.mix->coverage, *l.min_coverage),
                            *plan.mix->coverage, *l.min_coverage);
    r.detail = fmt::format("coverage {:.2f}%, at least {:.2f}% wanted",
                           coverage_shown(*r.actual, r.passed), *r.limit * 100.0);
    results.push_back(std::move(r));
  }
  if (l.min_allowable_cpl && plan.allowable_cpl) {
    CheckResult r =
        numeric("min_allowable_cpl", at_least(*plan.allowable_cpl, *l.min_allowable_cpl),
                *plan.allowable_cpl, *l.min_allowable_cpl);
    r.detail = fmt::format("allowable CPL {:.2f}, at least {:.2f} wanted", *r.actual, *r.limit);
    results.push_back(std::move(r));
  }
  if (l.max_required_leads) {
    const double leads = plan.stages.front().required;
    CheckResult r = numeric("max_required_leads", at_most(leads, *l.max_required_leads), leads,
                            *l.max_required_leads);
    r.detail = fmt::format("{} `{}` required, at most {} wanted", leads, s.stages.front().name,
                           *l.max_required_leads);
    results.push_back(std::move(r));
  }
  if (l.max_budget_needed && plan.mix) {
    const std::optional<double> needed = plan.mix->budget_needed;
    results.push_back(
        at_most_check("max_budget_needed", needed, *l.max_budget_needed,
                      needed ? fmt::format("budget needed {:.2f}, at most {:.2f} wanted", *needed,
                                           *l.max_budget_needed)
                             : std::string("the mix buys no leads, so no budget is enough")));
  }
  if (l.max_blended_effective_cpl && plan.mix) {
    const std::optional<double> blended = plan.mix->blended_effective_cpl;
    results.push_back(
        at_most_check("max_blended_effective_cpl", blended, *l.max_blended_effective_cpl,
                      blended ? fmt::format("blended cost per `{}` {:.2f}, at most {:.2f} wanted",
                                            second, *blended, *l.max_blended_effective_cpl)
                              : std::string("the mix buys no leads")));
  }
  if (l.channels_within_allowable && s.budget && !s.channels.empty()) {
    std::vector<std::string_view> over;
    for (std::size_t i = 0; i < s.channels.size(); ++i) {
      if (!plan.channels[i].within_allowable.value_or(false)) {
        over.push_back(s.channels[i].name);
      }
    }
    CheckResult r;
    r.name = "channels_within_allowable";
    r.is_flag = true;
    // `false` asks for no such thing: reported with its actual value, it passes.
    const bool wanted = *l.channels_within_allowable;
    r.actual_flag = over.empty();
    r.limit_flag = wanted;
    r.passed = over.empty() || !wanted;
    r.detail =
        over.empty()
            ? fmt::format("every channel's cost per `{}` is within the allowable", second)
            : fmt::format("over the allowable cost per `{}`: {}{}", second, fmt::join(over, ", "),
                          wanted ? "" : " (not required: the limit is false)");
    results.push_back(std::move(r));
  }
  if (l.min_mix_efficiency && s.budget && !s.channels.empty()) {
    // The shares' wins over the optimal allocation's at the same budget (docs/optimize.md).
    const double efficiency = mix_efficiency(s, plan);
    CheckResult r = numeric("min_mix_efficiency", at_least(efficiency, *l.min_mix_efficiency),
                            efficiency, *l.min_mix_efficiency);
    r.detail = fmt::format(
        "the shares buy {:.2f}% of the wins the optimal allocation of the budget buys, at least "
        "{:.2f}% wanted",
        coverage_shown(efficiency, r.passed), *l.min_mix_efficiency * 100.0);
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace leadplan
