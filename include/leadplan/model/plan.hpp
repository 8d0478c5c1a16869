#pragma once
// What the engine computes from a scenario (docs/math.md), as plain values.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "leadplan/model/timeline_plan.hpp"

namespace leadplan {

// Required count and allowable cost of one stage.
struct StagePlan {
  double required = 0.0;
  std::optional<double> allowable_cost;  // budget / required, with a budget
};

// One channel's unit economics and its part of the mix.
struct ChannelPlan {
  double mql_rate = 0.0;       // the channel's own rate into stage 1, or the funnel's
  double effective_cpl = 0.0;  // first cpl / mql_rate
  double cac = 0.0;            // first cpl / yield into the last stage
  std::optional<bool> within_allowable;
  std::optional<double> budget;  // the mix, with a budget only
  std::optional<double> leads;
  std::optional<double> spend;
  std::optional<double> wins;     // the channel's flow into the last stage, after capacity cuts
  std::optional<double> revenue;  // wins x deal_size, with a deal size
  std::optional<double> roi;      // revenue / spend - 1, when spend > 0
};

// The channel mix: what the budget buys, or (without a budget) its unit costs.
struct Mix {
  std::optional<double> leads;
  std::optional<double> spend;
  std::optional<double> blended_cpl;
  std::optional<double> blended_effective_cpl;
  std::vector<double> projected;  // one per stage, bounded by capacities; empty without a budget
  std::optional<double> projected_wins;
  std::optional<double> coverage;            // projected[1] / required[1]
  std::optional<double> win_coverage;        // projected wins / target wins
  std::optional<bool> feasible;              // win_coverage >= 1
  std::optional<double> budget_needed;       // the least budget whose mix is feasible
  std::optional<double> max_projected_wins;  // when no budget is enough: the most wins any buys
  std::optional<double> unspent;             // budget - spend
  std::vector<std::size_t> capped_stages;    // stages whose capacity cut the projected flow
};

enum class BottleneckKind { capacity, conversion };

// The step that holds the funnel back, named by its destination `stage` index.
struct Bottleneck {
  BottleneckKind kind = BottleneckKind::conversion;
  std::size_t stage = 1;
  double ratio = 1.0;  // capacity / required, or rate / reference
};

// The whole back-calculated plan for one scenario.
struct Plan {
  double wins = 0.0;
  std::optional<double> revenue;
  std::optional<double> deal_size;
  std::vector<StagePlan> stages;
  std::optional<double> allowable_cpl;
  std::vector<ChannelPlan> channels;
  // Each channel's yield into each stage (channel-major: channels x stages), and
  // its cost per entry into it (first cpl / yield).
  std::vector<double> yields;
  std::vector<double> costs_per_stage;
  std::optional<Mix> mix;  // with channels only
  Bottleneck bottleneck;
  std::optional<TimelinePlan>
      timeline;  // with a `timeline:`, computed by `calc` (compute_timeline)

  // Channel `channel`'s yield into every stage (yield[0] = 1).
  [[nodiscard]] std::span<const double> yield_of(std::size_t channel) const {
    return std::span<const double>(yields).subspan(channel * stages.size(), stages.size());
  }
  // Channel `channel`'s cost per entry into every stage (cost[0] = its first cpl).
  [[nodiscard]] std::span<const double> cost_per_stage_of(std::size_t channel) const {
    return std::span<const double>(costs_per_stage).subspan(channel * stages.size(), stages.size());
  }
};

}  // namespace leadplan
