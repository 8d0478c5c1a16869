#pragma once
// The human formats' shared wording of a plan (docs/math.md): the mix as labelled
// lines with a verdict, the channel x stage cost matrix, each stage's notes.
// table_report.cpp and markdown_report.cpp draw these; neither words a figure of
// its own, so the two always agree.

#include <string>
#include <vector>

#include "leadplan/model/plan.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

struct SensitivityRow;

// How a verdict reads: good (green), bad (red), or neither.
enum class Tone { plain, good, bad };

// One line of the mix: "Projected wins: 28.61 of 30 (not feasible)".
struct PlanLine {
  std::string label;
  std::string value;
  std::string verdict;  // empty, or shown after the value in parentheses
  Tone tone = Tone::plain;
};

// Projected wins against `wanted`, to hundredths; when the target is missed, rounded
// down, so that a miss never reads "5 of 5".
[[nodiscard]] std::string format_projected_wins(double projected, double wanted, bool met);

// The mix of `plan` as lines, in reading order (empty without channels).
[[nodiscard]] std::vector<PlanLine> mix_lines(const Scenario& scenario, const Plan& plan);

// Notes on stage `stage`: "over capacity" when it needs more than its capacity,
// "capped" when its capacity cut the projected flow; empty otherwise.
[[nodiscard]] std::string stage_note(const Scenario& scenario, const Plan& plan, std::size_t stage);

// A cell of the cost matrix: its text and whether it is above the allowable cost.
struct CostCell {
  std::string text;
  bool over = false;
};

// The channel x stage matrix of cost per stage entry (8.2), one row per channel:
// the channel's name, then its cost per entry into each stage; with a budget, a
// last row "allowable" with the allowable cost per stage.
[[nodiscard]] std::vector<std::vector<CostCell>> cost_matrix(const Scenario& scenario,
                                                             const Plan& plan);

// The sensitivity table (8.3): header and rows of text, the lift in words.
[[nodiscard]] std::vector<std::vector<std::string>> sensitivity_rows(
    const Scenario& scenario, const Plan& plan, const std::vector<SensitivityRow>& rows);

}  // namespace leadplan
