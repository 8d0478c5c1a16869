#include "leadplan/engine/engine.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>

#include <fmt/format.h>

#include "leadplan/model/diagnostic.hpp"

namespace leadplan {

namespace {

bool finite(double x) {
  return std::isfinite(x);
}

// A figure the reports can print faithfully: finite, and zero or a normal double
// (a subnormal one, below 2.2e-308, has lost its precision).
bool usable(double x) {
  return x == 0.0 || std::isnormal(x);
}

constexpr const char* k_tiny_hint =
    "a value is so small that the arithmetic loses its precision; "
    "check the rates, amounts and target";

// Equal split of what the shares leave, as a weight (fraction of the budget).
struct Split {
  double shared = 0.0;       // sum of explicit shares
  std::size_t unshared = 0;  // channels without a share
  [[nodiscard]] double rest_each() const {
    if (unshared == 0) {
      return 0.0;
    }
    const double rest = 1.0 - shared;
    return rest > 0.0 ? rest / static_cast<double>(unshared) : 0.0;
  }
};

Split split_of(const Scenario& scenario) {
  Split split;
  for (const Channel& c : scenario.channels) {
    if (c.share) {
      split.shared += *c.share;
    } else {
      ++split.unshared;
    }
  }
  return split;
}

std::optional<PlanProblem> compute_required(const Scenario& s, Plan& plan) {
  const Target& t = s.target;
  plan.deal_size = t.deal_size;
  if (t.wins) {
    plan.wins = *t.wins;
    plan.revenue = t.deal_size ? std::optional<double>(*t.wins * *t.deal_size) : std::nullopt;
  } else {
    plan.revenue = t.revenue;
    plan.wins = round_count(*t.revenue / *t.deal_size, s.rounding);
  }
  if (!(plan.wins <= k_max_count)) {
    return PlanProblem{t.location, "the target needs more than 1e15 wins"};
  }
  if (!(plan.wins > 0.0) || !usable(plan.wins)) {
    return PlanProblem{t.location, "the target is too small to compute with", k_tiny_hint};
  }
  const std::size_t n = s.stages.size();
  plan.stages.resize(n);
  plan.stages[n - 1].required = plan.wins;
  for (std::size_t i = n - 1; i > 0; --i) {
    const double above = round_count(plan.stages[i].required / s.stages[i].rate, s.rounding);
    if (!(above <= k_max_count)) {
      return PlanProblem{
          s.stages[i].rate_location,
          fmt::format("the plan needs more than 1e15 at stage `{}`", s.stages[i - 1].name)};
    }
    plan.stages[i - 1].required = above;
  }
  return std::nullopt;
}

void compute_allowable(const Scenario& s, Plan& plan) {
  for (StagePlan& stage : plan.stages) {
    stage.allowable_cost =
        s.budget ? std::optional<double>(*s.budget / stage.required) : std::nullopt;
  }
  plan.allowable_cpl = plan.stages.front().allowable_cost;
}

void compute_channels(const Scenario& s, Plan& plan) {
  const std::size_t count = s.channels.size();
  plan.channels.resize(count);
  const std::optional<double> allowable_mql = plan.stages[1].allowable_cost;
  for (std::size_t i = 0; i < count; ++i) {
    const Channel& c = s.channels[i];
    ChannelPlan& p = plan.channels[i];
    p.mql_rate = c.own_rate(1).value_or(s.stages[1].rate);
    p.effective_cpl = c.first_cpl() / p.mql_rate;
    p.within_allowable =
        allowable_mql ? std::optional<bool>(p.effective_cpl <= *allowable_mql * (1.0 + k_tolerance))
                      : std::nullopt;
    p.budget.reset();
    p.leads.reset();
    p.spend.reset();
  }
}

std::optional<PlanProblem> compute_mix(const Scenario& s, Plan& plan) {
  if (s.channels.empty()) {
    plan.mix.reset();
    return std::nullopt;
  }
  Mix& mix = plan.mix ? *plan.mix : plan.mix.emplace();
  const Split split = split_of(s);
  const double rest_each = split.rest_each();
  const std::size_t stage_count = s.stages.size();
  const double required_mql = plan.stages[1].required;

  if (!s.budget) {
    // Unit costs of the mix only: weights are the budget fractions, caps ignored.
    double weight = 0.0;
    double leads_per_unit = 0.0;
    double mqls_per_unit = 0.0;
    for (std::size_t i = 0; i < s.channels.size(); ++i) {
      const Channel& c = s.channels[i];
      const double w = c.share ? *c.share : rest_each;
      weight += w;
      leads_per_unit += w / c.first_cpl();
      mqls_per_unit += w / c.first_cpl() * plan.channels[i].mql_rate;
    }
    mix.leads.reset();
    mix.spend.reset();
    mix.projected.clear();
    mix.projected_wins.reset();
    mix.coverage.reset();
    mix.feasible.reset();
    if (!usable(leads_per_unit) || !usable(mqls_per_unit)) {
      // A tiny share over a huge cpl: the blend would be computed from noise.
      return PlanProblem{s.channels_location,
                         "the channel mix's figures are too small to compute with", k_tiny_hint};
    }
    if (weight > 0.0) {
      mix.blended_cpl = weight / leads_per_unit;
      mix.blended_effective_cpl = weight / mqls_per_unit;
      mix.budget_needed = required_mql * *mix.blended_effective_cpl;
    } else {
      mix.blended_cpl.reset();
      mix.blended_effective_cpl.reset();
      mix.budget_needed.reset();
    }
    return std::nullopt;
  }

  // The formulas of CONTRACT section 5 as written, in their order of operations,
  // so that every figure is the one a reader computes from them: the shared
  // channels get share x B, the rest of B is split equally, and
  // spend = leads x cpl (not the channel's budget, which may differ in the last bit).
  const double budget = *s.budget;
  double shared_budget = 0.0;
  for (const Channel& c : s.channels) {
    if (c.share) {
      shared_budget += *c.share * budget;
    }
  }
  const double rest_budget = split.unshared == 0 ? 0.0
                                                 : std::max(0.0, budget - shared_budget) /
                                                       static_cast<double>(split.unshared);
  double leads = 0.0;
  double spend = 0.0;
  double mqls = 0.0;
  for (std::size_t i = 0; i < s.channels.size(); ++i) {
    const Channel& c = s.channels[i];
    ChannelPlan& p = plan.channels[i];
    const double channel_budget = c.share ? *c.share * budget : rest_budget;
    double channel_leads = channel_budget / c.first_cpl();
    if (c.max_leads && channel_leads > *c.max_leads) {
      channel_leads = *c.max_leads;
    }
    const double channel_spend = channel_leads * c.first_cpl();
    p.budget = channel_budget;
    p.leads = channel_leads;
    p.spend = channel_spend;
    leads += channel_leads;
    spend += channel_spend;
    mqls += channel_leads * p.mql_rate;
  }
  mix.leads = leads;
  mix.spend = spend;
  mix.projected.resize(stage_count);
  mix.projected[0] = leads;
  if (stage_count > 1) {
    mix.projected[1] = mqls;
  }
  for (std::size_t i = 2; i < stage_count; ++i) {
    mix.projected[i] = mix.projected[i - 1] * s.stages[i].rate;
  }
  mix.projected_wins = mix.projected[stage_count - 1];
  mix.blended_cpl = leads > 0.0 ? std::optional<double>(spend / leads) : std::nullopt;
  mix.blended_effective_cpl = mqls > 0.0 ? std::optional<double>(spend / mqls) : std::nullopt;
  mix.coverage = mqls / required_mql;
  mix.feasible = *mix.coverage >= 1.0 - k_tolerance;
  mix.budget_needed = mix.blended_effective_cpl
                          ? std::optional<double>(required_mql * *mix.blended_effective_cpl)
                          : std::nullopt;
  return std::nullopt;
}

void compute_bottleneck(const Scenario& s, Plan& plan) {
  // Capacity first: the stage whose capacity covers the least of its required count.
  bool found = false;
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    const std::optional<double>& capacity = s.stages[i].capacity;
    const double required = plan.stages[i].required;
    if (!capacity || !(*capacity < required * (1.0 - k_tolerance))) {
      continue;
    }
    const double ratio = *capacity / required;
    if (!found || ratio < plan.bottleneck.ratio * (1.0 - k_tolerance)) {
      plan.bottleneck = Bottleneck{BottleneckKind::capacity, i, ratio};
      found = true;
    }
  }
  if (found) {
    return;
  }
  // Otherwise the conversion step furthest below its benchmark (100% without one).
  for (std::size_t i = 1; i < s.stages.size(); ++i) {
    const double reference = s.stages[i].benchmark.value_or(1.0);
    const double ratio = s.stages[i].rate / reference;
    if (!found || ratio < plan.bottleneck.ratio * (1.0 - k_tolerance)) {
      plan.bottleneck = Bottleneck{BottleneckKind::conversion, i, ratio};
      found = true;
    }
  }
}

// How a figure fails: not at all, too large (or not a number), too small to be precise.
enum class Fault { none, overflow, underflow };

Fault fault_of(double x) {
  if (!finite(x)) {
    return Fault::overflow;
  }
  return usable(x) ? Fault::none : Fault::underflow;
}

Fault fault_of(const std::optional<double>& x) {
  return x ? fault_of(*x) : Fault::none;
}

// The first fault among `figures`.
Fault first_fault(std::initializer_list<Fault> faults) {
  for (Fault f : faults) {
    if (f != Fault::none) {
      return f;
    }
  }
  return Fault::none;
}

// Every figure the reports print must be finite and precise, and no count beyond
// 1e15: a last guard against overflow (a huge budget over a tiny required count,
// a cpl over a tiny rate) and underflow (a tiny budget over a huge cpl).
std::optional<PlanProblem> check_figures(const Scenario& s, const Plan& plan) {
  for (std::size_t i = 0; i < plan.stages.size(); ++i) {
    const Fault fault =
        first_fault({fault_of(plan.stages[i].required), fault_of(plan.stages[i].allowable_cost)});
    if (fault == Fault::overflow) {
      return PlanProblem{
          s.budget_location,
          fmt::format("the allowable cost at stage `{}` overflows", s.stages[i].name)};
    }
    if (fault == Fault::underflow) {
      return PlanProblem{
          s.budget_location,
          fmt::format("the figures of stage `{}` are too small to compute with", s.stages[i].name),
          k_tiny_hint};
    }
  }
  for (std::size_t i = 0; i < plan.channels.size(); ++i) {
    const ChannelPlan& c = plan.channels[i];
    const Fault fault = first_fault(
        {fault_of(c.effective_cpl), fault_of(c.budget), fault_of(c.leads), fault_of(c.spend)});
    if (fault == Fault::overflow) {
      return PlanProblem{s.channels[i].location,
                         fmt::format("the figures of channel `{}` overflow", s.channels[i].name)};
    }
    if (fault == Fault::underflow) {
      return PlanProblem{s.channels[i].location,
                         fmt::format("the figures of channel `{}` are too small to compute with",
                                     s.channels[i].name),
                         k_tiny_hint};
    }
    if (c.leads && !(*c.leads <= k_max_count)) {
      return PlanProblem{
          s.channels[i].location,
          fmt::format("channel `{}` would buy more than 1e15 leads", s.channels[i].name)};
    }
  }
  if (plan.mix) {
    const Mix& m = *plan.mix;
    Fault fault = first_fault({fault_of(m.leads), fault_of(m.spend), fault_of(m.blended_cpl),
                               fault_of(m.blended_effective_cpl), fault_of(m.coverage),
                               fault_of(m.budget_needed), fault_of(m.projected_wins)});
    for (double p : m.projected) {
      fault = first_fault({fault, fault_of(p)});
    }
    if (fault == Fault::overflow) {
      return PlanProblem{s.channels_location, "the channel mix's figures overflow"};
    }
    if (fault == Fault::underflow) {
      return PlanProblem{s.channels_location,
                         "the channel mix's figures are too small to compute with", k_tiny_hint};
    }
    if (m.leads && !(*m.leads <= k_max_count)) {
      return PlanProblem{s.channels_location, "the channel mix would buy more than 1e15 leads"};
    }
  }
  if (plan.revenue && !finite(*plan.revenue)) {
    return PlanProblem{s.target.location, "the target revenue overflows"};
  }
  // A capacity of 1e-300 against a required 1e15: a ratio no double holds precisely.
  if (fault_of(plan.bottleneck.ratio) != Fault::none) {
    const Stage& stage = s.stages[plan.bottleneck.stage];
    return PlanProblem{
        stage.location,
        fmt::format("the bottleneck ratio at stage `{}` is too small to compute with", stage.name),
        k_tiny_hint};
  }
  if (plan.revenue && !usable(*plan.revenue)) {
    return PlanProblem{s.target.location, "the target revenue is too small to compute with",
                       k_tiny_hint};
  }
  return std::nullopt;
}

}  // namespace

double round_count(double x, Rounding rounding) {
  if (rounding == Rounding::none) {
    return x;
  }
  const double nearest = std::round(x);
  if (std::fabs(x - nearest) <= k_tolerance * std::fabs(x)) {
    return nearest;
  }
  return std::ceil(x);
}

std::optional<PlanProblem> evaluate(const Scenario& scenario, Plan& plan) {
  if (auto problem = compute_required(scenario, plan)) {
    return problem;
  }
  compute_allowable(scenario, plan);
  compute_channels(scenario, plan);
  if (auto problem = compute_mix(scenario, plan)) {
    return problem;
  }
  compute_bottleneck(scenario, plan);
  return check_figures(scenario, plan);
}

Plan compute_plan(const Scenario& scenario) {
  Plan plan;
  if (auto problem = evaluate(scenario, plan)) {
    throw PlanError(problem->where, problem->message);
  }
  return plan;
}

}  // namespace leadplan
