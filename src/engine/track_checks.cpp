#include "leadplan/engine/track_checks.hpp"

#include <fmt/format.h>

#include "leadplan/engine/engine.hpp"

namespace leadplan {

std::vector<CheckResult> run_actuals_checks(const Scenario& s, const ActualFigures& f, bool spend) {
  std::vector<CheckResult> results;
  const Limits& l = s.checks;
  if (l.min_pace) {
    // The slowest stage decides; every stage below the limit is named.
    CheckResult r;
    r.name = "min_pace";
    r.limit = *l.min_pace;
    std::vector<std::string> behind;
    for (std::size_t i = 0; i < f.stages.size(); ++i) {
      const std::optional<double> pace = f.stages[i].pace;
      if (!pace) {
        continue;
      }
      if (!r.actual || *pace < *r.actual) {
        r.actual = pace;
      }
      if (*pace < *l.min_pace * (1.0 - k_tolerance)) {
        behind.push_back(fmt::format("`{}` {:.2f}%", s.stages[i].name, *pace * 100.0));
      }
    }
    r.passed = behind.empty();
    r.detail = behind.empty() ? fmt::format("every stage at least {:.2f}% of the plan to date",
                                            *l.min_pace * 100.0)
                              : fmt::format("behind the plan to date ({:.2f}% wanted): {}",
                                            *l.min_pace * 100.0, fmt::join(behind, ", "));
    results.push_back(std::move(r));
  }
  if (l.max_cpl_actual && spend) {
    // The period's cost per lead over every channel: all spend over all leads.
    double total_spend = 0.0;
    std::uint64_t leads = 0;
    for (const ChannelActuals& c : f.channels) {
      total_spend += c.spend.value_or(0.0);
      leads += c.actual.front();
    }
    CheckResult r;
    r.name = "max_cpl_actual";
    r.limit = *l.max_cpl_actual;
    if (leads > 0) {
      r.actual = total_spend / static_cast<double>(leads);
      r.passed = *r.actual <= *l.max_cpl_actual * (1.0 + k_tolerance);
      r.detail = fmt::format(
          "actual CPL {:.2f} ({:.2f} over {} `{}` in the period), at most {:.2f} wanted", *r.actual,
          total_spend, leads, s.stages.front().name, *l.max_cpl_actual);
    } else {
      r.passed = false;
      r.detail = fmt::format("no `{}` in the period yet, so no actual CPL ({:.2f} spent)",
                             s.stages.front().name, total_spend);
    }
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace leadplan
