#include "leadplan/engine/diff.hpp"

#include "leadplan/engine/checks.hpp"
#include "leadplan/engine/engine.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

namespace leadplan {

namespace {

FigureChange figure(std::string name, FigureUnit unit, std::optional<double> before,
                    std::optional<double> after, Better better) {
  FigureChange f{std::move(name), unit, before, after, std::nullopt, std::nullopt, better};
  if (before && after) {
    f.change = *after - *before;
    // Differences in the last bits (the same mix computed twice) are no change.
    if (std::fabs(*f.change) <= k_tolerance * std::max(std::fabs(*before), std::fabs(*after))) {
      f.change = 0.0;
    }
    // A change too large for a double (1e15 against 1e-300 is 1e317%) has no
    // percentage: null, never inf.
    if (*before != 0.0) {
      if (const double percent = *f.change / *before * 100.0; std::isfinite(percent)) {
        f.change_percent = percent;
      }
    }
  }
  return f;
}

std::optional<double> mix_figure(const Plan& plan, std::optional<double> Mix::*member) {
  return plan.mix ? (*plan.mix).*member : std::nullopt;
}

std::string describe(const Scenario& s, const Plan& plan) {
  return fmt::format("{} at {}",
                     plan.bottleneck.kind == BottleneckKind::capacity ? "capacity" : "conversion",
                     s.stages[plan.bottleneck.stage].name);
}

// A name with its place among the stages (or channels) of each side.
struct Matched {
  std::string_view name;
  std::optional<std::size_t> base;
  std::optional<std::size_t> head;
};

// The names of `base`, in its order, then those only in `head`, each with its
// index on both sides. Hashed: linear, where a search of the list per name made
// 100,000 channels take 48 s.
template <typename Item, typename Name>
std::vector<Matched> match_by_name(const std::vector<Item>& base, const std::vector<Item>& head,
                                   Name name) {
  std::unordered_map<std::string_view, std::size_t> in_base;
  std::unordered_map<std::string_view, std::size_t> in_head;
  in_base.reserve(base.size());
  in_head.reserve(head.size());
  for (std::size_t i = 0; i < base.size(); ++i) {
    in_base.emplace(name(base[i]), i);
  }
  for (std::size_t i = 0; i < head.size(); ++i) {
    in_head.emplace(name(head[i]), i);
  }
  std::vector<Matched> matched;
  matched.reserve(base.size() + head.size());
  for (std::size_t i = 0; i < base.size(); ++i) {
    const auto found = in_head.find(name(base[i]));
    matched.push_back(
        Matched{name(base[i]), i,
                found == in_head.end() ? std::nullopt : std::optional<std::size_t>(found->second)});
  }
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (in_base.find(name(head[i])) == in_base.end()) {
      matched.push_back(Matched{name(head[i]), std::nullopt, i});
    }
  }
  return matched;
}

// A figure `prefix` + NAME for every name of `matched`, `figure_of(plan, index)` on
// each side that has it.
template <typename Figure>
void add_by_name(PlanDiff& d, const std::string& prefix, FigureUnit unit, Better better,
                 const std::vector<Matched>& matched, const Plan& base, const Plan& head,
                 Figure figure_of) {
  const auto value = [&](const Plan& plan, std::optional<std::size_t> i) {
    return i ? std::optional<double>(figure_of(plan, *i)) : std::nullopt;
  };
  for (const Matched& m : matched) {
    d.figures.push_back(figure(prefix + std::string(m.name), unit, value(base, m.base),
                               value(head, m.head), better));
  }
}

// A `--set` path from its parts, built only for an input that differs: most of
// 100,000 channels do not, and a string per setting would be most of the work.
using PathParts = std::initializer_list<std::string_view>;

std::string join(PathParts parts) {
  std::string path;
  for (std::string_view part : parts) {
    path += part;
  }
  return path;
}

// The inputs of two scenarios that differ, in scenario order, by their `--set` paths.
class InputDiff {
 public:
  explicit InputDiff(std::vector<InputChange>& out) : m_out(out) {}

  void number(PathParts path, InputUnit unit, std::optional<double> before,
              std::optional<double> after) {
    if (before != after) {
      m_out.push_back(InputChange{join(path), InputKind::changed, unit, before, after, {}, {}});
    }
  }
  void flag(PathParts path, std::optional<bool> before, std::optional<bool> after) {
    const auto as_number = [](std::optional<bool> b) {
      return b ? std::optional<double>(*b ? 1.0 : 0.0) : std::nullopt;
    };
    number(path, InputUnit::flag, as_number(before), as_number(after));
  }
  void text(PathParts path, const std::string& before, const std::string& after) {
    if (before != after) {
      m_out.push_back(InputChange{join(path), InputKind::changed, InputUnit::text, std::nullopt,
                                  std::nullopt, before, after});
    }
  }
  void one_side(PathParts path, InputKind kind, InputUnit unit, double value) {
    InputChange c{join(path), kind, unit, std::nullopt, std::nullopt, {}, {}};
    (kind == InputKind::added ? c.after : c.before) = value;
    m_out.push_back(std::move(c));
  }

 private:
  std::vector<InputChange>& m_out;
};

// A channel's tiers as one comparable text: "LEADS@CPL;..." ("-" for the open last tier).
std::string tiers_text(const Channel& c) {
  std::string text;
  for (const Tier& t : c.cpl_tiers) {
    text += fmt::format("{}@{};", t.leads ? fmt::format("{}", *t.leads) : std::string("-"), t.cpl);
  }
  return text;
}

void diff_limits(InputDiff& in, const Limits& b, const Limits& h) {
  struct Limit {
    const char* name;
    std::optional<double> Limits::*member;
    InputUnit unit;
  };
  static constexpr Limit k_limits[] = {
      {"min_coverage", &Limits::min_coverage, InputUnit::rate},
      {"min_allowable_cpl", &Limits::min_allowable_cpl, InputUnit::money},
      {"max_required_leads", &Limits::max_required_leads, InputUnit::count},
      {"max_budget_needed", &Limits::max_budget_needed, InputUnit::money},
      {"max_blended_effective_cpl", &Limits::max_blended_effective_cpl, InputUnit::money},
      {"min_pace", &Limits::min_pace, InputUnit::rate},
      {"max_cpl_actual", &Limits::max_cpl_actual, InputUnit::money},
      {"min_mix_efficiency", &Limits::min_mix_efficiency, InputUnit::rate},
      {"min_p_target", &Limits::min_p_target, InputUnit::rate},
  };
  for (const Limit& l : k_limits) {
    in.number({"checks.", l.name}, l.unit, b.*l.member, h.*l.member);
  }
  in.flag({"checks.channels_within_allowable"}, b.channels_within_allowable,
          h.channels_within_allowable);
}

// Every input of `bs` and `hs` that differs; `stages` and `channels` as matched by name.
std::vector<InputChange> diff_inputs(const Scenario& bs, const Scenario& hs,
                                     const std::vector<Matched>& stages,
                                     const std::vector<Matched>& channels) {
  std::vector<InputChange> changes;
  InputDiff in(changes);
  in.text({"name"}, bs.name.value_or(""), hs.name.value_or(""));
  in.text({"currency"}, bs.currency, hs.currency);
  in.text({"period"}, period_name(bs.period), period_name(hs.period));
  in.text({"rounding"}, rounding_name(bs.rounding), rounding_name(hs.rounding));
  in.number({"target.wins"}, InputUnit::count, bs.target.wins, hs.target.wins);
  in.number({"target.revenue"}, InputUnit::money, bs.target.revenue, hs.target.revenue);
  in.number({"target.deal_size"}, InputUnit::money, bs.target.deal_size, hs.target.deal_size);
  in.number({"target.confidence"}, InputUnit::rate, bs.target.confidence, hs.target.confidence);
  in.number({"budget"}, InputUnit::money, bs.budget, hs.budget);
  for (const Matched& m : stages) {
    if (!m.head || !m.base) {
      // The first stage has no rate: 1 (100%) stands for it.
      const Stage& s = m.base ? bs.stages[*m.base] : hs.stages[*m.head];
      in.one_side({"funnel.", m.name}, m.base ? InputKind::removed : InputKind::added,
                  InputUnit::rate, s.rate);
      continue;
    }
    const Stage& b = bs.stages[*m.base];
    const Stage& h = hs.stages[*m.head];
    // A stage that became the first (or stopped being it) has no rate to compare.
    if (*m.base != 0 && *m.head != 0) {
      in.number({"funnel.", m.name, ".rate"}, InputUnit::rate, b.rate, h.rate);
    }
    in.number({"funnel.", m.name, ".benchmark"}, InputUnit::rate, b.benchmark, h.benchmark);
    in.number({"funnel.", m.name, ".capacity"}, InputUnit::count, b.capacity, h.capacity);
  }
  for (const Matched& m : channels) {
    if (!m.head || !m.base) {
      const Channel& c = m.base ? bs.channels[*m.base] : hs.channels[*m.head];
      in.one_side({"channels.", m.name}, m.base ? InputKind::removed : InputKind::added,
                  InputUnit::money, c.first_cpl());
      continue;
    }
    const Channel& b = bs.channels[*m.base];
    const Channel& h = hs.channels[*m.head];
    in.number({"channels.", m.name, ".cpl"}, InputUnit::money, b.cpl, h.cpl);
    in.text({"channels.", m.name, ".cpl_tiers"}, tiers_text(b), tiers_text(h));
    // The channel's own rates, stage by stage (by name: linear in stages x channels).
    if (!b.rates.empty() || !h.rates.empty()) {
      for (const Matched& s : stages) {
        const std::optional<double> before = s.base ? b.own_rate(*s.base) : std::nullopt;
        const std::optional<double> after = s.head ? h.own_rate(*s.head) : std::nullopt;
        in.number({"channels.", m.name, ".rates.", s.name}, InputUnit::rate, before, after);
      }
    }
    in.number({"channels.", m.name, ".share"}, InputUnit::rate, b.share, h.share);
    in.number({"channels.", m.name, ".max_leads"}, InputUnit::count, b.max_leads, h.max_leads);
    in.number({"channels.", m.name, ".min_spend"}, InputUnit::money, b.min_spend, h.min_spend);
    in.number({"channels.", m.name, ".max_spend"}, InputUnit::money, b.max_spend, h.max_spend);
  }
  diff_limits(in, bs.checks, hs.checks);
  return changes;
}

// The checks of both sides by name: BASE's in its order, then those only in HEAD.
std::vector<CheckChange> diff_checks(std::vector<CheckResult> base, std::vector<CheckResult> head) {
  const auto matched =
      match_by_name(base, head, [](const CheckResult& c) { return std::string_view(c.name); });
  std::vector<CheckChange> changes;
  changes.reserve(matched.size());
  for (const Matched& m : matched) {
    CheckChange c{std::string(m.name), std::nullopt, std::nullopt};
    if (m.base) {
      c.before = base[*m.base];
    }
    if (m.head) {
      c.after = head[*m.head];
    }
    changes.push_back(std::move(c));
  }
  return changes;
}

}  // namespace

PlanDiff diff_plans(const Scenario& bs, const Plan& base, const Scenario& hs, const Plan& head) {
  PlanDiff d;
  const auto stage_name = [](const Stage& s) { return std::string_view(s.name); };
  const auto channel_name = [](const Channel& c) { return std::string_view(c.name); };
  const std::vector<Matched> stages = match_by_name(bs.stages, hs.stages, stage_name);
  const std::vector<Matched> channels = match_by_name(bs.channels, hs.channels, channel_name);
  d.inputs = diff_inputs(bs, hs, stages, channels);
  // wins, budget, allowable_cpl, two blended CPLs, coverage, projected_wins and
  // budget_needed, then a figure per stage and per channel, on either side.
  d.figures.reserve(8 + stages.size() + channels.size());
  d.figures.push_back(figure("wins", FigureUnit::count, base.wins, head.wins, Better::neither));
  add_by_name(d, "required.", FigureUnit::count, Better::lower, stages, base, head,
              [](const Plan& p, std::size_t i) { return p.stages[i].required; });
  d.figures.push_back(figure("budget", FigureUnit::money, bs.budget, hs.budget, Better::neither));
  d.figures.push_back(figure("allowable_cpl", FigureUnit::money, base.allowable_cpl,
                             head.allowable_cpl, Better::higher));
  d.figures.push_back(figure("blended_cpl", FigureUnit::money, mix_figure(base, &Mix::blended_cpl),
                             mix_figure(head, &Mix::blended_cpl), Better::lower));
  d.figures.push_back(figure("blended_effective_cpl", FigureUnit::money,
                             mix_figure(base, &Mix::blended_effective_cpl),
                             mix_figure(head, &Mix::blended_effective_cpl), Better::lower));
  add_by_name(d, "effective_cpl.", FigureUnit::money, Better::lower, channels, base, head,
              [](const Plan& p, std::size_t i) { return p.channels[i].effective_cpl; });
  d.figures.push_back(figure("coverage", FigureUnit::ratio, mix_figure(base, &Mix::coverage),
                             mix_figure(head, &Mix::coverage), Better::higher));
  d.figures.push_back(figure("projected_wins", FigureUnit::count,
                             mix_figure(base, &Mix::projected_wins),
                             mix_figure(head, &Mix::projected_wins), Better::higher));
  d.figures.push_back(figure("budget_needed", FigureUnit::money,
                             mix_figure(base, &Mix::budget_needed),
                             mix_figure(head, &Mix::budget_needed), Better::lower));
  d.checks = diff_checks(run_checks(bs, base), run_checks(hs, head));
  d.first_step =
      hs.stages.size() > 1 ? hs.stages[1].name : (bs.stages.size() > 1 ? bs.stages[1].name : "");
  d.base_currency = bs.currency;
  d.head_currency = hs.currency;
  if (bs.currency != hs.currency) {
    // Dollars minus euros is no change: amounts in two currencies are not compared.
    for (FigureChange& f : d.figures) {
      if (f.unit == FigureUnit::money) {
        f.change.reset();
        f.change_percent.reset();
      }
    }
  }
  d.bottleneck_before = describe(bs, base);
  d.bottleneck_after = describe(hs, head);
  return d;
}

}  // namespace leadplan
