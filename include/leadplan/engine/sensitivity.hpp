#pragma once
// Sensitivity (docs/math.md, "Sensitivity"): the plan again with each driver 10%
// better, ranked by the lift it gives the projected wins.

#include <optional>
#include <string>
#include <vector>

#include "leadplan/engine/engine.hpp"

namespace leadplan {

// One driver improved by 10%, and the figures of the plan that follow.
struct SensitivityRow {
  std::string driver;     // its `--set` path: "funnel.mql.rate", "channels.webinars.cpl", "budget"
  double value = 0.0;     // as the scenario has it
  double improved = 0.0;  // a rate x 1.1 (at most 1), a CPL / 1.1, the budget x 1.1
  std::optional<double> required_leads;
  std::optional<double> projected_wins;
  std::optional<double> budget_needed;
};

// Every driver of `scenario` (each step's rate, each channel's own rates, each
// channel's CPL or first tier's CPL, the budget) improved by 10% in turn, with the
// plan's figures then, largest lift in projected wins over `plan`'s first (ties:
// the lower budget needed, then the scenario's order). A driver whose plan cannot
// be computed (beyond 1e15) has null figures.
[[nodiscard]] std::vector<SensitivityRow> sensitivity(const Scenario& scenario, const Plan& plan);

}  // namespace leadplan
