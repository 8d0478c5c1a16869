#pragma once
// The checks of `leadplan check` (CONTRACT section 6), pure arithmetic on a plan.

#include <vector>

#include "leadplan/engine/engine.hpp"
#include "leadplan/model/check.hpp"

namespace leadplan {

// Limits under `checks:` that `scenario` cannot evaluate (`min_allowable_cpl`
// without a budget, say): each is an input error, never a silent pass.
[[nodiscard]] std::vector<PlanProblem> check_applicability(const Scenario& scenario);

// Every check that applies to `plan` of `scenario`, in a fixed order: the
// built-in `budget` and `capacity`, then the limits in the order of CONTRACT section 6.
[[nodiscard]] std::vector<CheckResult> run_checks(const Scenario& scenario, const Plan& plan);

}  // namespace leadplan
