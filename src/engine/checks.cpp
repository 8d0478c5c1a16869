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

// A check of `actual` against `limit` on the side `bound`, measured in `unit`.
CheckResult limit_check(const char* name, std::optional<double> actual, double limit,
                        CheckBound bound, CheckUnit unit, std::string label) {
  CheckResult r;
  r.name = name;
  r.actual = actual;
  r.limit = limit;
  r.bound = bound;
  r.unit = unit;
  r.label = std::move(label);
  // A figure that does not exist (a mix that buys nothing) fails: no budget or
  // cost makes it work.
  r.passed = actual &&
             (bound == CheckBound::at_least ? at_least(*actual, limit) : at_most(*actual, limit));
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

  // budget: the mix is feasible, its projected wins reach the target (8.1).
  if (s.budget && plan.mix && plan.mix->win_coverage) {
    CheckResult r = limit_check("budget", plan.mix->win_coverage, 1.0, CheckBound::at_least,
                                CheckUnit::fraction, "win coverage");
    r.passed = plan.mix->feasible.value_or(false);
    results.push_back(std::move(r));
  }
  // capacity: every stage whose required count is over its capacity; the figures
  // are those of the stage that uses the most of its capacity.
  std::size_t tightest = s.stages.size();
  double load = 0.0;
  std::vector<std::size_t> over;
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    if (!s.stages[i].capacity) {
      continue;
    }
    const double required = plan.stages[i].required;
    const double capacity = *s.stages[i].capacity;
    if (!at_most(required, capacity)) {
      over.push_back(i);
    }
    const double use = required / capacity;
    if (tightest == s.stages.size() || use > load * (1.0 + k_tolerance)) {
      tightest = i;
      load = use;
    }
  }
  if (tightest < s.stages.size()) {
    CheckResult r =
        limit_check("capacity", plan.stages[tightest].required, *s.stages[tightest].capacity,
                    CheckBound::at_most, CheckUnit::count, "required");
    r.passed = over.empty();
    r.over = over.empty() ? std::vector<std::size_t>{tightest} : std::move(over);
    results.push_back(std::move(r));
  }
  if (l.min_coverage && plan.mix && plan.mix->coverage) {
    results.push_back(limit_check("min_coverage", plan.mix->coverage, *l.min_coverage,
                                  CheckBound::at_least, CheckUnit::fraction,
                                  fmt::format("coverage of `{}`", second)));
  }
  if (l.min_allowable_cpl && plan.allowable_cpl) {
    results.push_back(limit_check("min_allowable_cpl", plan.allowable_cpl, *l.min_allowable_cpl,
                                  CheckBound::at_least, CheckUnit::money, "allowable CPL"));
  }
  if (l.max_required_leads) {
    results.push_back(limit_check("max_required_leads", plan.stages.front().required,
                                  *l.max_required_leads, CheckBound::at_most, CheckUnit::count,
                                  fmt::format("`{}` required", s.stages.front().name)));
  }
  if (l.max_budget_needed && plan.mix) {
    results.push_back(limit_check("max_budget_needed", plan.mix->budget_needed,
                                  *l.max_budget_needed, CheckBound::at_most, CheckUnit::money,
                                  "budget needed"));
  }
  if (l.max_blended_effective_cpl && plan.mix) {
    results.push_back(limit_check("max_blended_effective_cpl", plan.mix->blended_effective_cpl,
                                  *l.max_blended_effective_cpl, CheckBound::at_most,
                                  CheckUnit::money, fmt::format("blended cost per `{}`", second)));
  }
  if (l.channels_within_allowable && s.budget && !s.channels.empty()) {
    CheckResult r;
    r.name = "channels_within_allowable";
    r.is_flag = true;
    r.unit = CheckUnit::flag;
    for (std::size_t i = 0; i < s.channels.size(); ++i) {
      if (!plan.channels[i].within_allowable.value_or(false)) {
        r.over.push_back(i);
      }
    }
    // `false` asks for no such thing: reported with its actual value, it passes.
    const bool wanted = *l.channels_within_allowable;
    r.actual_flag = r.over.empty();
    r.limit_flag = wanted;
    r.passed = r.over.empty() || !wanted;
    results.push_back(std::move(r));
  }
  if (l.min_mix_efficiency && s.budget && !s.channels.empty()) {
    // The shares' wins over the optimal allocation's at the same budget (docs/optimize.md).
    const double efficiency = mix_efficiency(s, plan);
    results.push_back(limit_check("min_mix_efficiency", efficiency, *l.min_mix_efficiency,
                                  CheckBound::at_least, CheckUnit::fraction,
                                  "the shares' share of the wins the optimal split buys"));
  }
  return results;
}

}  // namespace leadplan
