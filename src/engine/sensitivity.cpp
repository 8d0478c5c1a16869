#include "leadplan/engine/sensitivity.hpp"

#include <algorithm>
#include <cmath>

namespace leadplan {

namespace {

constexpr double k_better = 1.1;  // 10% better

// One driver: its path, and the number it changes in a copy of the scenario.
struct Driver {
  std::string path;
  double* field = nullptr;
  std::optional<double>* optional_field = nullptr;
  bool rate = false;  // improved by x 1.1 (at most 1); money: CPLs / 1.1, the budget x 1.1
  bool cost = false;
};

std::vector<Driver> drivers_of(Scenario& s) {
  std::vector<Driver> out;
  for (std::size_t i = 1; i < s.stages.size(); ++i) {
    out.push_back(
        {"funnel." + s.stages[i].name + ".rate", &s.stages[i].rate, nullptr, true, false});
  }
  if (s.budget) {
    out.push_back({"budget", nullptr, &s.budget, false, false});
  }
  for (Channel& c : s.channels) {
    const std::string prefix = "channels." + c.name + ".";
    if (c.cpl) {
      out.push_back({prefix + "cpl", nullptr, &c.cpl, false, true});
    } else {
      out.push_back({prefix + "cpl_tiers.0.cpl", &c.cpl_tiers.front().cpl, nullptr, false, true});
    }
    for (std::size_t i = 1; i < c.rates.size(); ++i) {
      if (c.rates[i]) {
        const std::string path =
            i == 1 && c.mql_rate_key ? prefix + "mql_rate" : prefix + "rates." + s.stages[i].name;
        out.push_back({path, nullptr, &c.rates[i], true, false});
      }
    }
  }
  return out;
}

double read(const Driver& d) {
  return d.field != nullptr ? *d.field : d.optional_field->value_or(0.0);
}

void write(const Driver& d, double value) {
  if (d.field != nullptr) {
    *d.field = value;
  } else {
    *d.optional_field = value;
  }
}

// `x` to 12 significant digits: figures that differ only in the last bits of
// their arithmetic rank as equal, and the order stays a strict weak one.
double rounded(double x) {
  if (x == 0.0 || !std::isfinite(x)) {
    return x;
  }
  const double unit = std::pow(10.0, std::floor(std::log10(std::fabs(x))) - 11.0);
  return std::round(x / unit) * unit;
}

}  // namespace

std::vector<SensitivityRow> sensitivity(const Scenario& scenario, const Plan& plan) {
  Scenario copy = scenario;
  const std::vector<Driver> drivers = drivers_of(copy);
  std::vector<SensitivityRow> rows;
  rows.reserve(drivers.size());
  Plan improved_plan;
  for (const Driver& d : drivers) {
    SensitivityRow row;
    row.driver = d.path;
    row.value = read(d);
    row.improved = d.rate ? std::min(1.0, row.value * k_better)
                          : (d.cost ? row.value / k_better : row.value * k_better);
    write(d, row.improved);
    if (!evaluate(copy, improved_plan)) {
      row.required_leads = improved_plan.stages.front().required;
      if (improved_plan.mix) {
        row.projected_wins = improved_plan.mix->projected_wins;
        row.budget_needed = improved_plan.mix->budget_needed;
      }
    }
    write(d, row.value);
    rows.push_back(std::move(row));
  }
  // Largest lift first; equal lifts by the lower budget needed (none last), then
  // in the scenario's order (the sort is stable).
  const double base = plan.mix && plan.mix->projected_wins ? *plan.mix->projected_wins : 0.0;
  std::vector<std::pair<double, double>> keys;  // (-lift, budget needed), rounded
  std::vector<std::size_t> order(rows.size());
  keys.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const SensitivityRow& r = rows[i];
    // Lifts in units of 1e-9 of the wins: what the arithmetic's last bits move is no lift.
    const double lift = r.projected_wins ? *r.projected_wins - base : 0.0;
    keys.emplace_back(-std::round(lift / (k_tolerance * std::max(base, plan.wins))),
                      r.budget_needed ? rounded(*r.budget_needed) : HUGE_VAL);
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  std::vector<SensitivityRow> sorted;
  sorted.reserve(rows.size());
  for (std::size_t i : order) {
    sorted.push_back(std::move(rows[i]));
  }
  return sorted;
}

}  // namespace leadplan
