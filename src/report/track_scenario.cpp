// `track --format scenario`: the scenario written back as YAML, every key it
// had, with the rates the export observed on enough mature leads. Written from
// the loaded Scenario (not by editing the source text), so that `--set`
// overrides are in it and any valid input, flow style included, comes out as
// plain block YAML that the fast reader takes.

#include <cmath>

#include <fmt/format.h>

#include "leadplan/report/format.hpp"
#include "leadplan/report/track_report.hpp"
#include "leadplan/util/dates.hpp"

namespace leadplan {

namespace {

// `text` as a YAML scalar: plain when it can only read back as that text, else double-quoted.
std::string yaml_text(std::string_view text) {
  static constexpr std::string_view k_reserved[] = {"true", "false", "null", "yes", "no",
                                                    "on",   "off",   "y",    "n",   "~"};
  bool plain = !text.empty() && text.back() != ' ' &&
               ((text.front() >= 'A' && text.front() <= 'Z') ||
                (text.front() >= 'a' && text.front() <= 'z') || text.front() == '_');
  for (char c : text) {
    plain = plain && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || c == '.' || c == ' ');
  }
  if (plain) {
    std::string lower;
    for (char c : text) {
      lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    for (std::string_view word : k_reserved) {
      plain = plain && lower != word;
    }
  }
  if (plain) {
    return std::string(text);
  }
  std::string out = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02X}", byte);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string number(double value) {
  return format_exact(value);
}

// Appends `key: value` at `indent` when `value` is set.
void optional_number(std::string& out, int indent, std::string_view key,
                     const std::optional<double>& value) {
  if (value) {
    out += fmt::format("{:{}}{}: {}\n", "", indent, key, number(*value));
  }
}

// Whether an observed rate replaces the plan's: enough mature leads, and above
// 0 (a rate of 0 plans nothing, and the loader refuses it).
bool replaces(const std::optional<double>& rate, const std::optional<std::uint64_t>& n,
              std::uint64_t min_sample) {
  return rate && n && *n >= min_sample && *rate > 0.0;
}

void write_funnel(std::string& out, const TrackReport& r) {
  const Scenario& s = r.scenario;
  out += "funnel:\n";
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    const Stage& stage = s.stages[i];
    const StageActuals& a = r.figures.stages[i];
    out += fmt::format("  - stage: {}\n", yaml_text(stage.name));
    if (i > 0) {
      if (replaces(a.observed_rate, a.n, r.min_sample)) {
        const double entered = static_cast<double>(*a.n);
        const double converted = std::round(*a.observed_rate * entered);
        out += fmt::format("    rate: {}  # observed; planned {}\n", number(*a.observed_rate),
                           number(stage.rate));
        out += fmt::format("    evidence:\n      entered: {}\n      converted: {}\n",
                           number(entered), number(converted));
      } else {
        out += fmt::format("    rate: {}", number(stage.rate));
        if (a.n && *a.n >= r.min_sample && a.observed_rate) {
          out += fmt::format("  # observed 0 of {} mature leads: a rate of 0 plans nothing", *a.n);
        } else {
          out += fmt::format("  # planned: {} mature leads, fewer than {}", a.n.value_or(0),
                             r.min_sample);
        }
        out += "\n";
        if (stage.evidence) {
          out += fmt::format("    evidence:\n      entered: {}\n      converted: {}\n",
                             number(stage.evidence->entered), number(stage.evidence->converted));
        }
      }
    }
    optional_number(out, 4, "benchmark", stage.benchmark);
    optional_number(out, 4, "capacity", stage.capacity);
  }
}

void write_channels(std::string& out, const TrackReport& r) {
  const Scenario& s = r.scenario;
  if (s.channels.empty()) {
    return;
  }
  out += "channels:\n";
  for (std::size_t c = 0; c < s.channels.size(); ++c) {
    const Channel& channel = s.channels[c];
    const ChannelActuals& a = r.figures.channels[c];
    out += fmt::format("  - name: {}\n", yaml_text(channel.name));
    optional_number(out, 4, "cpl", channel.cpl);
    if (!channel.cpl_tiers.empty()) {
      out += "    cpl_tiers:\n";
      for (const Tier& tier : channel.cpl_tiers) {
        if (tier.leads) {
          out += fmt::format("      - leads: {}\n        cpl: {}\n", number(*tier.leads),
                             number(tier.cpl));
        } else {
          out += fmt::format("      - cpl: {}\n", number(tier.cpl));
        }
      }
    }
    std::string rates;
    for (std::size_t i = 1; i < s.stages.size(); ++i) {
      if (replaces(a.observed_rate[i], a.n[i], r.min_sample)) {
        rates += fmt::format("      {}: {}  # observed on {} mature leads\n",
                             yaml_text(s.stages[i].name), number(*a.observed_rate[i]), *a.n[i]);
      } else if (const std::optional<double> own = channel.own_rate(i)) {
        rates += fmt::format("      {}: {}\n", yaml_text(s.stages[i].name), number(*own));
      }
    }
    if (!rates.empty()) {
      out += "    rates:\n" + rates;
    }
    optional_number(out, 4, "share", channel.share);
    optional_number(out, 4, "max_leads", channel.max_leads);
    optional_number(out, 4, "min_spend", channel.min_spend);
    optional_number(out, 4, "max_spend", channel.max_spend);
  }
}

void write_checks(std::string& out, const Limits& l) {
  std::string body;
  optional_number(body, 2, "min_coverage", l.min_coverage);
  optional_number(body, 2, "min_allowable_cpl", l.min_allowable_cpl);
  optional_number(body, 2, "max_required_leads", l.max_required_leads);
  optional_number(body, 2, "max_budget_needed", l.max_budget_needed);
  optional_number(body, 2, "max_blended_effective_cpl", l.max_blended_effective_cpl);
  if (l.channels_within_allowable) {
    body += fmt::format("  channels_within_allowable: {}\n", *l.channels_within_allowable);
  }
  optional_number(body, 2, "min_pace", l.min_pace);
  optional_number(body, 2, "max_cpl_actual", l.max_cpl_actual);
  optional_number(body, 2, "min_mix_efficiency", l.min_mix_efficiency);
  optional_number(body, 2, "min_p_target", l.min_p_target);
  if (!body.empty()) {
    out += "checks:\n" + body;
  }
}

void write_timeline(std::string& out, const Scenario& s) {
  if (!s.timeline) {
    return;
  }
  const Timeline& t = *s.timeline;
  out += fmt::format("timeline:\n  start: {}\n", format_date(from_day_number(t.start)));
  if (t.wins.empty()) {
    out += fmt::format("  periods: {}\n", number(t.periods));
  } else {
    out += "  wins:\n";
    for (double w : t.wins) {
      out += fmt::format("    - {}\n", number(w));
    }
  }
  std::string lags;
  for (std::size_t i = 1; i < t.lags.size() && i < s.stages.size(); ++i) {
    const Lag& lag = t.lags[i];
    if (lag.days) {
      lags += fmt::format("    {}: {}\n", yaml_text(s.stages[i].name), number(*lag.days));
    } else if (!lag.shares.empty()) {
      lags += fmt::format("    {}:\n", yaml_text(s.stages[i].name));
      for (double share : lag.shares) {
        lags += fmt::format("      - {}\n", number(share));
      }
    }
  }
  if (!lags.empty()) {
    out += "  lags:\n" + lags;
  }
}

void write_actuals(std::string& out, const Scenario& s) {
  if (!s.actuals) {
    return;
  }
  const Actuals& a = *s.actuals;
  out += "actuals:\n";
  if (!a.channel_column.empty()) {
    out += fmt::format("  channel: {}\n", yaml_text(a.channel_column));
  }
  out += "  stages:\n";
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    out += fmt::format("    {}: {}\n", yaml_text(s.stages[i].name), yaml_text(a.stage_columns[i]));
  }
  if (!a.channel_names.empty()) {
    out += "  channel_names:\n";
    for (const auto& [from, to] : a.channel_names) {
      out += fmt::format("    {}: {}\n", yaml_text(from), yaml_text(to));
    }
  }
  if (a.maturity_days) {
    out += fmt::format("  maturity_days: {}\n", number(*a.maturity_days));
  } else if (!a.maturity_by_step.empty()) {
    std::string steps;
    for (std::size_t i = 1; i < a.maturity_by_step.size() && i < s.stages.size(); ++i) {
      if (a.maturity_by_step[i]) {
        steps += fmt::format("    {}: {}\n", yaml_text(s.stages[i].name),
                             number(*a.maturity_by_step[i]));
      }
    }
    if (!steps.empty()) {
      out += "  maturity_days:\n" + steps;
    }
  }
  out += fmt::format("  min_sample: {}\n", number(a.min_sample));
}

}  // namespace

void write_track_scenario(std::ostream& out, const TrackReport& r) {
  const Scenario& s = r.scenario;
  std::string text = fmt::format(
      "# Written by `leadplan track` from {} as of {}.\n"
      "# Each rate observed on at least {} mature leads replaces the plan's, with its\n"
      "# evidence; everything else as planned.\n",
      one_line(r.leads_file), format_date(r.figures.as_of), r.min_sample);
  text += "leadplan: 1\n";
  if (s.name) {
    text += fmt::format("name: {}\n", yaml_text(*s.name));
  }
  text += fmt::format("period: {}\ncurrency: {}\nrounding: {}\n", period_name(s.period),
                      yaml_text(s.currency), rounding_name(s.rounding));
  text += "target:\n";
  optional_number(text, 2, "wins", s.target.wins);
  optional_number(text, 2, "revenue", s.target.revenue);
  optional_number(text, 2, "deal_size", s.target.deal_size);
  optional_number(text, 2, "confidence", s.target.confidence);
  write_funnel(text, r);
  if (s.budget) {
    text += fmt::format("budget: {}\n", number(*s.budget));
  }
  write_channels(text, r);
  write_checks(text, s.checks);
  write_timeline(text, s);
  write_actuals(text, s);
  out << text;
}

}  // namespace leadplan
