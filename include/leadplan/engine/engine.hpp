#pragma once
// The back-calculation (CONTRACT section 3): Scenario -> Plan, pure arithmetic.

#include <optional>
#include <string>

#include "leadplan/model/plan.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

// The tolerance below which a count counts as whole, and ratios as equal (relative).
inline constexpr double k_tolerance = 1e-9;

// The largest required count a plan may hold (1e15); beyond it the plan is an input error.
inline constexpr double k_max_count = 1e15;

// Why a plan could not be computed, and which input to blame.
struct PlanProblem {
  SourceLocation where;
  std::string message;
  std::string hint{};  // empty: the usual "leadplan plans up to 1e15" hint applies
};

// R(x) of CONTRACT section 3: `x` rounded up to a whole number under `rounding`,
// where `x` within 1e-9 (relative) of a whole number counts as that number.
[[nodiscard]] double round_count(double x, Rounding rounding);

// Computes the plan for `scenario` into `plan`, reusing its storage (no allocation
// once `plan` has held a plan of the same shape). Returns the problem when the
// arithmetic leaves the range leadplan plans in; `plan` is then unspecified.
[[nodiscard]] std::optional<PlanProblem> evaluate(const Scenario& scenario, Plan& plan);

// The plan for `scenario`; throws PlanError when its arithmetic overflows.
[[nodiscard]] Plan compute_plan(const Scenario& scenario);

}  // namespace leadplan
