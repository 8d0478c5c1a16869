#include "leadplan/engine/optimize.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>

#include <fmt/format.h>

#include "leadplan/engine/engine.hpp"
#include "leadplan/engine/mix.hpp"

namespace leadplan {

namespace {

constexpr double k_infinity = std::numeric_limits<double>::infinity();

// A run of leads one channel sells at one price, beyond its minimum and within
// its caps: a tier, cut by max_leads and max_spend.
struct Segment {
  double ratio = 0.0;  // value per unit of money
  double leads = 0.0;  // leads it holds
  double cpl = 0.0;
  std::uint32_t channel = 0;
  std::uint32_t tier = 0;
};

// What channel `c` still sells after `bought` (its minimum): its tiers from there
// on, cut by max_leads and max_spend, appended to `out` with `value` per lead.
void add_segments(const Channel& c, std::uint32_t index, const Purchase& bought, double value,
                  std::vector<Segment>& out) {
  const double cap = c.max_leads.value_or(k_infinity);
  double money_left = c.max_spend.value_or(k_infinity) - bought.spend;
  double start = 0.0;  // leads before the tier
  const std::size_t tiers = c.cpl ? 1 : c.cpl_tiers.size();
  for (std::size_t t = 0; t < tiers && money_left > 0.0; ++t) {
    const double cpl = c.cpl ? *c.cpl : c.cpl_tiers[t].cpl;
    const double size = c.cpl ? k_infinity : c.cpl_tiers[t].leads.value_or(k_infinity);
    const double end = std::min(start + size, cap);
    const double from = std::max(start, bought.leads);
    const double leads = std::min(end - from, money_left / cpl);
    if (leads > 0.0) {
      out.push_back(Segment{value / cpl, leads, cpl, index, static_cast<std::uint32_t>(t)});
      money_left -= leads * cpl;
    }
    if (!(end < cap) || !std::isfinite(end)) {
      break;
    }
    start = end;
  }
}

// The most leads the tiers of `c` sell, when its last tier has `leads`.
std::optional<double> tier_leads(const Channel& c) {
  if (c.cpl || !c.cpl_tiers.back().leads) {
    return std::nullopt;
  }
  double all = 0.0;
  for (const Tier& tier : c.cpl_tiers) {
    all += *tier.leads;
  }
  return all;
}

// Each channel's part of a budget as a fraction of it (section 3.5's split, by
// channel_budget: its share, or an equal part of what the shares leave).
std::vector<double> budget_fractions(const Scenario& s) {
  std::optional<double> rest;
  std::vector<double> fractions;
  fractions.reserve(s.channels.size());
  for (std::size_t i = 0; i < s.channels.size(); ++i) {
    const Channel& c = s.channels[i];
    if (!c.share && !rest) {
      rest = channel_budget(s, i, 1.0);  // the same for every channel without a share
    }
    fractions.push_back(c.share ? *c.share : *rest);
  }
  return fractions;
}

// What the shares buy with `money` in total: spend, leads and value per channel
// (into `out` when given); returns the total value.
double shares_value(const Scenario& s, const std::vector<double>& fractions,
                    const std::vector<double>& values, double money,
                    std::vector<ChannelAllocation>* out) {
  double total = 0.0;
  for (std::size_t i = 0; i < s.channels.size(); ++i) {
    const Channel& c = s.channels[i];
    const double given = fractions[i] * money;
    const Purchase bought = buy_leads(c, c.max_spend ? std::min(given, *c.max_spend) : given);
    total += bought.leads * values[i];
    if (out != nullptr) {
      (*out)[i].current_spend = bought.spend;
      (*out)[i].current_leads = bought.leads;
      (*out)[i].current_value = bought.leads * values[i];
    }
  }
  return total;
}

// The least money at which the shares' value reaches `target` (1e-9 relative),
// or none. Channel c gets fractions[c] x B of a budget B, so its value is
// piecewise linear in B with a kink where that money ends a segment (its tiers
// from the first lead, cut by its caps): one sweep over the kinks in order of B,
// O(S log S), then confirmed on the shares themselves.
std::optional<double> shares_spend_needed(const Scenario& s, const std::vector<double>& fractions,
                                          const std::vector<double>& values, double target) {
  const double wanted = target * (1.0 - k_tolerance);
  struct Kink {
    double at;     // the budget B at which the slope changes
    double slope;  // the change of value per unit of B
    std::uint32_t channel;
    bool stops;  // the channel's last segment ends here
  };
  std::vector<Kink> kinks;
  std::vector<Segment> pieces;
  double slope = 0.0;
  std::size_t buying = 0;  // channels whose value still grows
  for (std::size_t i = 0; i < s.channels.size(); ++i) {
    if (!(fractions[i] > 0.0)) {
      continue;
    }
    pieces.clear();
    add_segments(s.channels[i], static_cast<std::uint32_t>(i), Purchase{}, values[i], pieces);
    double money = 0.0;
    double before = 0.0;  // this channel's slope in B
    for (std::size_t k = 0; k < pieces.size(); ++k) {
      const double now = fractions[i] * pieces[k].ratio;
      if (k == 0) {
        slope += now;
        ++buying;
      } else {
        kinks.push_back({money / fractions[i], now - before, static_cast<std::uint32_t>(i), false});
      }
      before = now;
      money += pieces[k].leads * pieces[k].cpl;
    }
    if (!pieces.empty() && std::isfinite(money)) {
      kinks.push_back({money / fractions[i], -before, static_cast<std::uint32_t>(i), true});
    }
  }
  std::sort(kinks.begin(), kinks.end(), [](const Kink& a, const Kink& b) {
    return a.at != b.at ? a.at < b.at : a.stops < b.stops;
  });
  auto value_at = [&](double money) { return shares_value(s, fractions, values, money, nullptr); };
  // Confirmed on the shares (the sweep summed its slopes): a hair higher where
  // its rounding left the budget short.
  auto confirm = [&](double budget) -> std::optional<double> {
    for (int k = 0; k < 40; ++k) {
      if (value_at(budget) >= wanted) {
        return budget;
      }
      budget *= 1.0 + 1e-15 * std::pow(2.0, k);
    }
    return std::nullopt;
  };
  double at = 0.0;
  double value = 0.0;
  for (std::size_t k = 0; k <= kinks.size(); ++k) {
    const double end = k < kinks.size() ? kinks[k].at : k_infinity;
    if (slope > 0.0 && buying > 0) {
      const double crossing = at + (target - value) / slope;
      if (crossing <= end) {
        return confirm(std::max(crossing, at));
      }
    }
    if (k == kinks.size()) {
      break;
    }
    value += slope * (end - at);
    at = end;
    slope += kinks[k].slope;
    if (kinks[k].stops && --buying == 0) {
      slope = 0.0;  // every channel has stopped: what the sum leaves is rounding
    }
  }
  return std::nullopt;
}

}  // namespace

ObjectiveChoice choose_objective(const Scenario& s, const Plan& plan, std::string_view text) {
  ObjectiveChoice choice;
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    if (s.stages[i].name == text) {
      choice.objective = Objective{std::string(text), i, false};
      return choice;
    }
  }
  if (text == "wins") {
    choice.objective = Objective{"wins", s.stages.size() - 1, false};
  } else if (text == "revenue") {
    if (plan.deal_size) {
      choice.objective = Objective{"revenue", s.stages.size() - 1, true};
    } else {
      choice.needs_deal_size = true;
      choice.message = "the objective `revenue` needs a deal size";
      choice.hint = "give `target.deal_size` (or `target.revenue` with `deal_size`)";
    }
  } else {
    std::string stages;
    for (const Stage& stage : s.stages) {
      stages += (stages.empty() ? "" : ", ") + stage.name;
    }
    choice.message = fmt::format("unknown objective `{}`", text);
    choice.hint = fmt::format("objectives: wins, revenue, or a stage: {}", stages);
  }
  return choice;
}

std::string_view binding_name(Binding binding) {
  switch (binding) {
    case Binding::min_spend:
      return "min_spend";
    case Binding::max_spend:
      return "max_spend";
    case Binding::max_leads:
      return "max_leads";
    case Binding::tiers:
      return "tiers";
    case Binding::none:
      break;
  }
  return {};
}

Optimum optimize(const Scenario& s, const Plan& plan, const Objective& objective,
                 OptimizeMode mode) {
  Optimum o;
  o.mode = mode;
  o.objective = objective;
  o.budget = s.budget;
  const std::size_t n = s.channels.size();
  const double unit = objective.revenue ? *plan.deal_size : 1.0;
  o.target = objective.revenue ? plan.wins * unit : plan.stages[objective.stage].required;

  // Value of a lead per channel, and what each minimum buys (CONTRACT 11).
  std::vector<double> values(n);
  std::vector<Purchase> minimums(n);
  std::vector<Segment> segments;
  segments.reserve(n);
  o.channels.resize(n);
  double spent = 0.0;
  double value = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const Channel& c = s.channels[i];
    values[i] = plan.yield_of(i)[objective.stage] * unit;
    const double least = c.min_spend.value_or(0.0);
    minimums[i] = buy_leads(c, c.max_spend ? std::min(least, *c.max_spend) : least);
    spent += minimums[i].spend;
    value += minimums[i].leads * values[i];
    add_segments(c, static_cast<std::uint32_t>(i), minimums[i], values[i], segments);
  }
  // Highest value per unit of money first; ties: channel order, then tier order.
  std::sort(segments.begin(), segments.end(), [](const Segment& a, const Segment& b) {
    if (a.ratio != b.ratio) {
      return a.ratio > b.ratio;
    }
    return a.channel != b.channel ? a.channel < b.channel : a.tier < b.tier;
  });

  // Fill the segments in that order: until the budget is spent, or the target reached.
  std::vector<double> extra(n, 0.0);  // leads beyond the minimum
  std::vector<double> extra_spend(n, 0.0);
  const double wanted = o.target * (1.0 - k_tolerance);
  double money_left = mode == OptimizeMode::budget ? *s.budget - spent : k_infinity;
  double value_left = mode == OptimizeMode::target ? o.target - value : k_infinity;
  std::optional<std::size_t> last;
  for (std::size_t k = 0; k < segments.size(); ++k) {
    if (!(money_left > 0.0) || !(value_left > 0.0)) {
      break;
    }
    const Segment& g = segments[k];
    const double value_per_lead = values[g.channel];
    double leads = g.leads;
    leads = std::min(leads, money_left / g.cpl);
    leads = std::min(leads, value_left / value_per_lead);
    extra[g.channel] += leads;
    extra_spend[g.channel] += leads * g.cpl;
    money_left -= leads * g.cpl;
    value_left -= leads * value_per_lead;
    last = k;
    if (leads < g.leads) {
      break;  // the budget or the target ends inside this segment
    }
  }
  const std::optional<std::size_t> margin =
      last ? last : (segments.empty() ? std::nullopt : std::optional<std::size_t>(0));
  if (margin) {
    const Segment& g = segments[*margin];
    o.marginal_cost = g.cpl / values[g.channel];
    o.marginal_channel = g.channel;
  }

  // The optimum per channel, and what binds it.
  o.spend = 0.0;
  o.value = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const Channel& c = s.channels[i];
    ChannelAllocation& a = o.channels[i];
    a.value_per_lead = values[i];
    a.leads = minimums[i].leads + extra[i];
    a.spend = minimums[i].spend + extra_spend[i];
    a.value = a.leads * values[i];
    o.spend += a.spend;
    o.value += a.value;
    const std::optional<double> sold = tier_leads(c);
    const bool sold_out = sold && a.leads >= *sold * (1.0 - k_tolerance);
    if (c.max_spend && a.spend >= *c.max_spend * (1.0 - k_tolerance)) {
      a.binding = Binding::max_spend;
    } else if (c.max_leads && a.leads >= *c.max_leads * (1.0 - k_tolerance)) {
      a.binding = Binding::max_leads;
    } else if (sold_out) {
      a.binding = Binding::tiers;
    } else if (c.min_spend && extra[i] == 0.0) {
      a.binding = Binding::min_spend;
    }
  }
  if (mode == OptimizeMode::budget) {
    const double unspent = *s.budget - o.spend;
    o.unspent = std::fabs(unspent) <= k_tolerance * *s.budget ? 0.0 : unspent;
  }

  // The current mix: the shares at the budget (the plan's own mix), or at the
  // optimum's spend.
  const std::vector<double> fractions = budget_fractions(s);
  if (mode == OptimizeMode::budget) {
    for (std::size_t i = 0; i < n; ++i) {
      ChannelAllocation& a = o.channels[i];
      a.current_spend = plan.channels[i].spend.value_or(0.0);
      a.current_leads = plan.channels[i].leads.value_or(0.0);
      a.current_value = a.current_leads * values[i];
    }
  } else {
    shares_value(s, fractions, values, o.spend, &o.channels);
  }
  o.current_spend = 0.0;
  o.current_value = 0.0;
  for (const ChannelAllocation& a : o.channels) {
    o.current_spend += a.current_spend;
    o.current_value += a.current_value;
  }
  if (o.current_value > 0.0) {
    o.gain = o.value / o.current_value - 1.0;
  }
  o.current_spend_needed = shares_spend_needed(s, fractions, values, o.target);

  // The optimum's flow down the funnel, cut by the capacities at or above the
  // objective's stage (docs/optimize.md, "Capacities").
  const std::size_t stages = objective.stage + 1;
  std::vector<double> totals(s.stages.size(), 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::span<const double> yield = plan.yield_of(i);
    for (std::size_t k = 0; k < stages; ++k) {
      totals[k] += o.channels[i].leads * yield[k];
    }
  }
  const std::vector<Stage> upper(s.stages.begin(),
                                 s.stages.begin() + static_cast<std::ptrdiff_t>(stages));
  std::vector<double> projected;
  const double scale = bound_by_capacity(upper, totals, projected, o.capped_stages);
  o.value_after_capacity = o.capped_stages.empty() ? o.value : o.value * scale;
  // Feasible means the target is met (CONTRACT 8.1): after the capacities' cuts.
  o.feasible = o.value_after_capacity >= wanted;
  for (std::size_t j : o.capped_stages) {
    // Below a cut stage j the value is min(V, rho x capacity) when every channel's
    // rho = yield[k] / yield[j] is the same: concave, and the greedy stays exact.
    std::optional<double> rho;
    for (std::size_t i = 0; i < n && o.exact; ++i) {
      if (o.channels[i].leads > 0.0) {
        const std::span<const double> yield = plan.yield_of(i);
        const double r = yield[objective.stage] / yield[j];
        o.exact = !rho || std::fabs(r - *rho) <= 1e-12 * *rho;
        rho = rho ? rho : r;
      }
    }
  }
  return o;
}

double mix_efficiency(const Scenario& s, const Plan& plan) {
  const Objective wins{"wins", s.stages.size() - 1, false};
  const Optimum o = optimize(s, plan, wins, OptimizeMode::budget);
  return o.value > 0.0 ? o.current_value / o.value : 1.0;
}

}  // namespace leadplan
