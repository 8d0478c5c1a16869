// Budget allocation (leadplan/engine/optimize.hpp, CONTRACT 11): the greedy on
// hand-computed cases, against brute force on small instances, against random
// feasible allocations, and against GLPK's simplex (glpsol) on random LPs.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include <unistd.h>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "leadplan/engine/engine.hpp"
#include "leadplan/engine/optimize.hpp"
#include "scenario_parts.hpp"

using namespace leadplan;

namespace {

using test::channel;
using test::stage;

constexpr double k_inf = std::numeric_limits<double>::infinity();

Channel tiered(std::string name, std::vector<Tier> tiers) {
  Channel c;
  c.name = std::move(name);
  c.cpl_tiers = std::move(tiers);
  return c;
}

Tier tier(std::optional<double> leads, double cpl) {
  Tier t;
  t.leads = leads;
  t.cpl = cpl;
  return t;
}

Plan plan_of(const Scenario& s) {
  Plan plan;
  const std::optional<PlanProblem> problem = evaluate(s, plan);
  REQUIRE_FALSE(problem);
  return plan;
}

Objective wins_of(const Scenario& s) {
  return Objective{"wins", s.stages.size() - 1, false};
}

// A two-stage funnel converting at `rate`: a lead is worth `rate` wins.
Scenario two_stage(double wins, double rate, std::vector<Channel> channels) {
  Scenario s;
  s.target.wins = wins;
  s.rounding = Rounding::none;
  s.stages = {stage("lead"), stage("won", rate)};
  s.channels = std::move(channels);
  return s;
}

// A: 100 leads at 10, then 40 each; B: 20 each.
std::vector<Channel> ab() {
  return {tiered("a", {tier(100.0, 10.0), tier(std::nullopt, 40.0)}), channel("b", 20.0)};
}

// A small deterministic generator: the same instances on every run.
class Random {
 public:
  explicit Random(std::uint64_t seed) : m_state(seed) {}
  double uniform() {
    m_state = m_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(m_state >> 11) / 9007199254740992.0;
  }
  double between(double low, double high) { return low + (high - low) * uniform(); }
  bool chance(double p) { return uniform() < p; }
  std::size_t count(std::size_t low, std::size_t high) {
    return low + static_cast<std::size_t>(between(0.0, static_cast<double>(high - low) + 0.999));
  }

 private:
  std::uint64_t m_state;
};

// A random instance: 3 or 4 stages, `channels` channels with tiers, caps, spend
// bounds and rates of their own; no capacities (the greedy's exact domain).
Scenario random_scenario(Random& r, std::size_t channels, bool minimums) {
  Scenario s;
  s.target.wins = std::round(r.between(1, 40));
  const std::size_t stages = r.count(3, 4);
  s.stages.push_back(stage("s0"));
  for (std::size_t i = 1; i < stages; ++i) {
    s.stages.push_back(stage(fmt::format("s{}", i), r.between(0.05, 0.9)));
  }
  double shares = 0.0;
  double minimum_total = 0.0;
  for (std::size_t c = 0; c < channels; ++c) {
    Channel ch;
    ch.name = fmt::format("c{}", c);
    if (r.chance(0.6)) {
      double cpl = r.between(5, 80);
      const std::size_t tiers = r.count(1, 3);
      for (std::size_t t = 0; t < tiers; ++t) {
        ch.cpl_tiers.push_back(tier(t + 1 < tiers || r.chance(0.3)
                                        ? std::optional<double>(std::round(r.between(10, 300)))
                                        : std::nullopt,
                                    cpl));
        cpl *= r.chance(0.2) ? 1.0 : r.between(1.0, 2.0);
      }
    } else {
      ch.cpl = r.between(5, 150);
    }
    if (r.chance(0.4) && shares < 0.9) {
      ch.share = std::min(0.9 - shares, r.between(0.05, 0.5));
      shares += *ch.share;
    }
    if (r.chance(0.3)) {
      ch.max_leads = std::round(r.between(5, 500));
    }
    if (r.chance(0.3)) {
      ch.max_spend = r.between(100, 20000);
    }
    if (minimums && r.chance(0.4)) {
      ch.min_spend = r.between(50, 3000);
      if (ch.max_spend && *ch.min_spend > *ch.max_spend) {
        ch.min_spend = *ch.max_spend * r.between(0.1, 1.0);
      }
      minimum_total += *ch.min_spend;
    }
    if (r.chance(0.5)) {
      ch.rates.assign(stages, std::nullopt);
      for (std::size_t i = 1; i < stages; ++i) {
        if (r.chance(0.5)) {
          ch.rates[i] = r.between(0.05, 0.95);
        }
      }
    }
    s.channels.push_back(std::move(ch));
  }
  s.budget = minimum_total + r.between(100, 50000);
  return s;
}

// --- An independent model of one channel, for brute force and the LP ---

struct Piece {
  double leads;  // infinite for an open last tier
  double cpl;
};

// The channel's tiers cut by max_leads, as pieces (no max_spend).
std::vector<Piece> pieces_of(const Channel& c) {
  std::vector<Piece> out;
  double left = c.max_leads.value_or(k_inf);
  if (c.cpl) {
    out.push_back({left, *c.cpl});
    return out;
  }
  for (const Tier& t : c.cpl_tiers) {
    const double take = std::min(left, t.leads.value_or(k_inf));
    if (take > 0.0) {
      out.push_back({take, t.cpl});
    }
    left -= take;
  }
  return out;
}

// Leads bought with `money` through the pieces in order.
double leads_for(const std::vector<Piece>& pieces, double money) {
  double leads = 0.0;
  for (const Piece& p : pieces) {
    const double cost = p.leads * p.cpl;
    if (money <= cost) {
      return leads + money / p.cpl;
    }
    leads += p.leads;
    money -= cost;
  }
  return leads;
}

// The most the channel can spend (its max_spend, or all its pieces), and the
// least it must (its min_spend, or all it can spend when that is less).
double most_spend(const Channel& c) {
  double all = 0.0;
  for (const Piece& p : pieces_of(c)) {
    all += p.leads * p.cpl;
  }
  return std::min(all, c.max_spend.value_or(k_inf));
}
double least_spend(const Channel& c) {
  return std::min(c.min_spend.value_or(0.0), most_spend(c));
}

// Brute force over the vertices of the LP: every channel but one at a breakpoint
// of its spend (its least spend, a piece's end, its most spend), the one left
// taking what the budget leaves.
double brute_force(const Scenario& s, const Plan& plan) {
  const std::size_t n = s.channels.size();
  std::vector<std::vector<double>> points(n);
  std::vector<std::vector<Piece>> pieces(n);
  std::vector<double> values(n);
  for (std::size_t c = 0; c < n; ++c) {
    const Channel& ch = s.channels[c];
    pieces[c] = pieces_of(ch);
    values[c] = plan.yield_of(c).back();
    const double low = least_spend(ch);
    const double high = most_spend(ch);
    points[c].push_back(low);
    double spend = 0.0;
    for (const Piece& p : pieces[c]) {
      spend += p.leads * p.cpl;
      if (spend > low && spend < high) {
        points[c].push_back(spend);
      }
    }
    if (std::isfinite(high)) {
      points[c].push_back(high);
    }
  }
  const double budget = *s.budget;
  double best = 0.0;
  std::vector<std::size_t> at(n, 0);
  for (;;) {
    for (std::size_t free = 0; free <= n; ++free) {
      double spent = 0.0;
      double value = 0.0;
      for (std::size_t c = 0; c < n; ++c) {
        if (c != free) {
          spent += points[c][at[c]];
          value += leads_for(pieces[c], points[c][at[c]]) * values[c];
        }
      }
      if (free < n) {
        const double money = std::min(budget - spent, most_spend(s.channels[free]));
        if (money < least_spend(s.channels[free])) {
          continue;
        }
        spent += money;
        value += leads_for(pieces[free], money) * values[free];
      }
      if (spent <= budget * (1.0 + 1e-12)) {
        best = std::max(best, value);
      }
    }
    std::size_t c = 0;
    for (; c < n; ++c) {
      if (++at[c] < points[c].size()) {
        break;
      }
      at[c] = 0;
    }
    if (c == n) {
      return best;
    }
  }
}

// The instance as an LP in CPLEX LP format: leads per piece, bounded by the
// piece; a budget row (budget mode) or a target row (target mode); each
// channel's max_spend and least spend rows (the least a hair lower: a minimum
// the caps cut is their cost rounded to a double, which glpsol's exact
// arithmetic could find a hair out of reach). The LP does not force the pieces to
// fill in order: its optimum does so by itself, as cheaper leads come first.
std::string lp_text(const Scenario& s, const Plan& plan, OptimizeMode mode, double target) {
  std::ostringstream lp;
  lp.precision(17);
  std::vector<std::vector<Piece>> pieces;
  std::vector<std::string> cost_terms;
  std::vector<std::string> value_terms;
  for (std::size_t c = 0; c < s.channels.size(); ++c) {
    pieces.push_back(pieces_of(s.channels[c]));
    for (std::size_t t = 0; t < pieces[c].size(); ++t) {
      cost_terms.push_back(fmt::format("{:.17g} x_{}_{}", pieces[c][t].cpl, c, t));
      value_terms.push_back(fmt::format("{:.17g} x_{}_{}", plan.yield_of(c).back(), c, t));
    }
  }
  auto sum = [](const std::vector<std::string>& terms) {
    std::string text;
    for (const std::string& term : terms) {
      text += (text.empty() ? "" : "\n + ") + term;
    }
    return text;
  };
  if (mode == OptimizeMode::budget) {
    lp << "Maximize\n obj: " << sum(value_terms) << "\nSubject To\n budget: " << sum(cost_terms)
       << " <= " << fmt::format("{:.17g}", *s.budget) << "\n";
  } else {
    lp << "Minimize\n obj: " << sum(cost_terms) << "\nSubject To\n target: " << sum(value_terms)
       << " >= " << fmt::format("{:.17g}", target) << "\n";
  }
  for (std::size_t c = 0; c < s.channels.size(); ++c) {
    std::vector<std::string> spend;
    for (std::size_t t = 0; t < pieces[c].size(); ++t) {
      spend.push_back(fmt::format("{:.17g} x_{}_{}", pieces[c][t].cpl, c, t));
    }
    if (s.channels[c].max_spend) {
      lp << " most_" << c << ": " << sum(spend)
         << " <= " << fmt::format("{:.17g}", *s.channels[c].max_spend) << "\n";
    }
    if (s.channels[c].min_spend) {
      lp << " least_" << c << ": " << sum(spend)
         << " >= " << fmt::format("{:.17g}", least_spend(s.channels[c]) * (1.0 - 1e-12)) << "\n";
    }
  }
  lp << "Bounds\n";
  for (std::size_t c = 0; c < s.channels.size(); ++c) {
    for (std::size_t t = 0; t < pieces[c].size(); ++t) {
      if (std::isfinite(pieces[c][t].leads)) {
        lp << " 0 <= x_" << c << "_" << t << " <= " << fmt::format("{:.17g}", pieces[c][t].leads)
           << "\n";
      } else {
        lp << " x_" << c << "_" << t << " >= 0\n";
      }
    }
  }
  lp << "End\n";
  return lp.str();
}

// What glpsol found: the objective, or nothing when the LP has no feasible solution.
struct LpResult {
  bool feasible = false;
  double objective = 0.0;
};

LpResult solve_lp(const std::string& text, const std::filesystem::path& dir) {
  const std::filesystem::path lp = dir / "instance.lp";
  const std::filesystem::path sol = dir / "instance.sol";
  std::ofstream(lp) << text;
  std::filesystem::remove(sol);
  // glpsol's primal simplex (double precision; its `--exact` rational simplex
  // declared some feasible instances infeasible); its solution in plain text
  // (glp_write_sol: "s bas ROWS COLS PRIM DUAL OBJ" first).
  const std::string command =
      fmt::format("glpsol --lp '{}' -w '{}' >/dev/null 2>&1", lp.string(), sol.string());
  const int status = std::system(command.c_str());
  INFO("glpsol failed on " << lp.string() << " (is glpk-utils installed? scripts/deps.sh)");
  REQUIRE(status == 0);
  std::ifstream in(sol);
  std::string line;
  LpResult result;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string kind;
    std::string what;
    words >> kind >> what;
    if (kind == "s" && what == "bas") {
      std::size_t rows = 0;
      std::size_t cols = 0;
      std::string primal;
      std::string dual;
      words >> rows >> cols >> primal >> dual >> result.objective;
      result.feasible = primal == "f";
      return result;
    }
  }
  FAIL("no solution line in " << sol.string());
  return result;
}

}  // namespace

TEST_CASE("optimize: the seed's budget all goes to webinars, +20% wins", "[engine][optimize]") {
  Scenario s;
  s.target.wins = 5;
  s.stages = {stage("lead"), stage("mql", 0.2), stage("sql", 0.4), stage("meeting", 0.8),
              stage("won", 0.25)};
  s.budget = 10000;
  s.channels = {channel("paid_search", 30, 0.1), channel("webinars", 80, 0.4)};
  const Plan plan = plan_of(s);
  const Optimum o = optimize(s, plan, wins_of(s), OptimizeMode::budget);
  CHECK(o.value == Approx(4.0).epsilon(1e-12));
  CHECK(o.current_value == Approx(10.0 / 3.0).epsilon(1e-12));
  REQUIRE(o.gain);
  CHECK(*o.gain == Approx(0.2).epsilon(1e-12));
  REQUIRE(o.marginal_cost);
  CHECK(*o.marginal_cost == Approx(2500.0).epsilon(1e-12));
  CHECK(o.channels[0].spend == 0.0);
  CHECK(o.channels[1].spend == Approx(10000.0).epsilon(1e-12));
  CHECK(o.channels[0].current_spend == 5000.0);
  CHECK_FALSE(o.feasible);  // 4 < 5 wins even so
  CHECK(o.unspent == 0.0);
  CHECK(mix_efficiency(s, plan) == Approx(10.0 / 12.0).epsilon(1e-12));
  // Target mode: 5 wins at $2,500 a win; the shares ($3,000 a win) need $15,000.
  const Optimum t = optimize(s, plan, wins_of(s), OptimizeMode::target);
  CHECK(t.feasible);
  CHECK(t.spend == Approx(12500.0).epsilon(1e-12));
  CHECK(t.value == Approx(5.0).epsilon(1e-12));
  REQUIRE(t.current_spend_needed);
  CHECK(*t.current_spend_needed == Approx(15000.0).epsilon(1e-12));
  // The MQL objective: paid_search's MQL costs 300, webinars' 200.
  const Optimum m = optimize(s, plan, Objective{"mql", 1, false}, OptimizeMode::budget);
  CHECK(m.value == Approx(50.0).epsilon(1e-12));
  CHECK(*m.marginal_cost == Approx(200.0).epsilon(1e-12));
}

TEST_CASE("optimize: segments fill by value per unit of money", "[engine][optimize]") {
  // Ratios: a's first tier 1/10, b 1/20, a's second tier 1/40.
  Scenario s = two_stage(1000, 1.0, ab());
  s.budget = 3000;
  Plan plan = plan_of(s);
  Optimum o = optimize(s, plan, wins_of(s), OptimizeMode::budget);
  CHECK(o.channels[0].leads == 100.0);
  CHECK(o.channels[0].spend == 1000.0);
  CHECK(o.channels[1].leads == 100.0);
  CHECK(o.value == 200.0);
  CHECK(*o.marginal_cost == 20.0);
  CHECK(*o.marginal_channel == 1);
  CHECK(o.channels[0].binding == Binding::none);

  // At a segment's end the marginal cost is the last segment used.
  s.budget = 1000;
  plan = plan_of(s);
  o = optimize(s, plan, wins_of(s), OptimizeMode::budget);
  CHECK(o.value == 100.0);
  CHECK(*o.marginal_cost == 10.0);

  // b capped by max_spend: a's dear tier takes the rest.
  s.budget = 3000;
  s.channels[1].max_spend = 500;
  plan = plan_of(s);
  o = optimize(s, plan, wins_of(s), OptimizeMode::budget);
  CHECK(o.channels[1].leads == 25.0);
  CHECK(o.channels[1].binding == Binding::max_spend);
  CHECK(o.channels[0].leads == 137.5);
  CHECK(o.value == 162.5);
  CHECK(*o.marginal_cost == 40.0);

  // a capped by max_leads.
  s.channels = ab();
  s.channels[0].max_leads = 50;
  plan = plan_of(s);
  o = optimize(s, plan, wins_of(s), OptimizeMode::budget);
  CHECK(o.channels[0].leads == 50.0);
  CHECK(o.channels[0].binding == Binding::max_leads);
  CHECK(o.channels[1].leads == 125.0);

  // a's minimum buys through its tiers first: 100 at 10, 25 at 40.
  s.channels = ab();
  s.channels[0].min_spend = 2000;
  plan = plan_of(s);
  o = optimize(s, plan, wins_of(s), OptimizeMode::budget);
  CHECK(o.channels[0].leads == 125.0);
  CHECK(o.channels[0].spend == 2000.0);
  CHECK(o.channels[0].binding == Binding::min_spend);
  CHECK(o.channels[1].leads == 50.0);
  CHECK(o.value == 175.0);
}

TEST_CASE("optimize: ties go to the earlier channel", "[engine][optimize]") {
  Scenario s = two_stage(1000, 1.0, {channel("x", 20.0), channel("y", 20.0)});
  s.channels[0].max_leads = 30;
  s.budget = 1000;
  const Plan plan = plan_of(s);
  const Optimum o = optimize(s, plan, wins_of(s), OptimizeMode::budget);
  CHECK(o.channels[0].leads == 30.0);
  CHECK(o.channels[1].leads == 20.0);
}

TEST_CASE("optimize: target mode stops exactly at the target", "[engine][optimize]") {
  // Half the leads win: a's first tier 0.05 wins a dollar, b 0.025, a's second 0.0125.
  Scenario s = two_stage(100, 0.5, ab());
  Plan plan = plan_of(s);
  Optimum o = optimize(s, plan, wins_of(s), OptimizeMode::target);
  CHECK(o.feasible);
  CHECK(o.spend == 3000.0);
  CHECK(o.value == 100.0);
  CHECK(*o.marginal_cost == 40.0);
  CHECK(o.channels[1].leads == 100.0);
  CHECK_FALSE(o.unspent);

  // Caps stop short: a sells 150 leads, b 60: 105 wins at most.
  s.target.wins = 200;
  s.channels = {tiered("a", {tier(100.0, 10.0), tier(50.0, 40.0)}), channel("b", 20.0)};
  s.channels[1].max_leads = 60;
  plan = plan_of(s);
  o = optimize(s, plan, wins_of(s), OptimizeMode::target);
  CHECK_FALSE(o.feasible);
  CHECK(o.value == 105.0);
  CHECK(o.spend == 1000.0 + 2000.0 + 1200.0);
  CHECK(o.channels[0].binding == Binding::tiers);
  CHECK(o.channels[1].binding == Binding::max_leads);
  CHECK_FALSE(o.current_spend_needed);
}

TEST_CASE("optimize: revenue is wins times the deal size", "[engine][optimize]") {
  Scenario s = two_stage(10, 0.5, ab());
  s.target.deal_size = 1000;
  s.budget = 1000;
  const Plan plan = plan_of(s);
  const ObjectiveChoice choice = choose_objective(s, plan, "revenue");
  REQUIRE(choice.objective);
  const Optimum o = optimize(s, plan, *choice.objective, OptimizeMode::budget);
  CHECK(o.value == 50000.0);
  CHECK(o.target == 10000.0);
  CHECK(*o.marginal_cost == 0.02);
  CHECK(choose_objective(s, plan, "won").objective->stage == 1);
  CHECK_FALSE(choose_objective(s, plan, "mql").objective);
  Scenario no_deal = two_stage(10, 0.5, ab());
  const ObjectiveChoice none = choose_objective(no_deal, plan_of(no_deal), "revenue");
  CHECK(none.needs_deal_size);
}

TEST_CASE("optimize: a capacity the optimum overfills is reported", "[engine][optimize]") {
  Scenario s = two_stage(100, 0.5, ab());
  s.stages[1].capacity = 40;
  s.budget = 3000;
  Plan plan = plan_of(s);
  Optimum o = optimize(s, plan, wins_of(s), OptimizeMode::budget);
  REQUIRE(o.capped_stages.size() == 1);
  CHECK(o.value == 100.0);
  CHECK(o.value_after_capacity == Approx(40.0).epsilon(1e-12));
  CHECK(o.exact);           // both channels convert alike into `won`
  CHECK_FALSE(o.feasible);  // 40 of the 100 wins after the cut (CONTRACT 8.1)
  // A capacity on the leads with different yields below it: not exact.
  s.stages[0].capacity = 150;
  s.stages[1].capacity.reset();
  s.channels[1].rates = {std::nullopt, 0.9};
  plan = plan_of(s);
  o = optimize(s, plan, wins_of(s), OptimizeMode::budget);
  CHECK_FALSE(o.exact);
}

TEST_CASE("optimize: the greedy equals brute force on small instances", "[engine][optimize]") {
  Random r(11);
  for (int k = 0; k < 300; ++k) {
    const Scenario s = random_scenario(r, r.count(1, 3), true);
    const Plan plan = plan_of(s);
    const Optimum o = optimize(s, plan, wins_of(s), OptimizeMode::budget);
    const double best = brute_force(s, plan);
    INFO("instance " << k);
    CHECK(o.value == Approx(best).epsilon(1e-9));
  }
}

TEST_CASE("optimize: the optimum beats the shares and any feasible split", "[engine][optimize]") {
  Random r(5);
  for (int k = 0; k < 300; ++k) {
    // Without minimums the shares are a feasible split of the same budget.
    const Scenario s = random_scenario(r, r.count(1, 8), false);
    const Plan plan = plan_of(s);
    const Optimum o = optimize(s, plan, wins_of(s), OptimizeMode::budget);
    INFO("instance " << k);
    CHECK(o.value >= o.current_value * (1.0 - 1e-12));
    CHECK(mix_efficiency(s, plan) <= 1.0 + 1e-12);
    CHECK(o.spend <= *s.budget * (1.0 + 1e-12));
    // The shares' least spend for the target is calc's budget_needed (no
    // capacities here), found by an independent solver (engine/mix).
    REQUIRE(plan.mix);
    CHECK(o.current_spend_needed.has_value() == plan.mix->budget_needed.has_value());
    if (o.current_spend_needed && plan.mix->budget_needed) {
      CHECK(*o.current_spend_needed == Approx(*plan.mix->budget_needed).epsilon(1e-9));
    }
    // A random split that keeps every bound buys no more.
    const Scenario m = random_scenario(r, r.count(1, 8), true);
    const Plan mp = plan_of(m);
    const Optimum mo = optimize(m, mp, wins_of(m), OptimizeMode::budget);
    double left = *m.budget;
    double value = 0.0;
    for (std::size_t c = 0; c < m.channels.size(); ++c) {
      left -= least_spend(m.channels[c]);
    }
    for (std::size_t c = 0; c < m.channels.size(); ++c) {
      const Channel& ch = m.channels[c];
      const double low = least_spend(ch);
      const double money = std::min(most_spend(ch), low + left * r.uniform());
      left -= money - low;
      value += leads_for(pieces_of(ch), money) * mp.yield_of(c).back();
    }
    CHECK(mo.value >= value * (1.0 - 1e-12));
    for (std::size_t c = 0; c < m.channels.size(); ++c) {
      CHECK(mo.channels[c].spend >= least_spend(m.channels[c]) * (1.0 - 1e-12));
      CHECK(mo.channels[c].spend <= most_spend(m.channels[c]) * (1.0 + 1e-12));
    }
  }
}

TEST_CASE("optimize: the greedy equals GLPK's LP optimum", "[engine][optimize][glpk]") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("leadplan-lp-{}", ::getpid());
  std::filesystem::create_directories(dir);
  Random r(2027);
  for (int k = 0; k < 300; ++k) {
    const Scenario s = random_scenario(r, r.count(1, 12), true);
    const Plan plan = plan_of(s);
    INFO("instance " << k << ", LP in " << (dir / "instance.lp").string());
    const Optimum o = optimize(s, plan, wins_of(s), OptimizeMode::budget);
    const LpResult lp = solve_lp(lp_text(s, plan, OptimizeMode::budget, 0.0), dir);
    REQUIRE(lp.feasible);
    CHECK(std::fabs(o.value - lp.objective) <= 1e-9 * std::max(1.0, lp.objective));
    // Target mode: the least spend reaching the target (or, when the caps stop
    // short, an LP with no feasible solution).
    const Optimum t = optimize(s, plan, wins_of(s), OptimizeMode::target);
    const LpResult least = solve_lp(lp_text(s, plan, OptimizeMode::target, t.target), dir);
    if (t.feasible && !least.feasible && t.value < t.target) {
      continue;  // a target at the caps, within the 1e-9 tolerance
    }
    CHECK(least.feasible == t.feasible);
    if (least.feasible && t.feasible) {
      CHECK(std::fabs(t.spend - least.objective) <= 1e-9 * std::max(1.0, least.objective));
    }
  }
  std::filesystem::remove_all(dir);
}
