#include "leadplan/report/track_report.hpp"

#include <cmath>

#include <fmt/format.h>

#include "leadplan/report/format.hpp"
#include "leadplan/report/json_writer.hpp"
#include "leadplan/report/text_table.hpp"
#include "leadplan/util/dates.hpp"

namespace leadplan {

namespace {

constexpr const char* k_dash = "-";

// A name from the export as the human formats show it: on one line, and any
// other control character (an escape sequence in a channel cell) as `?`, so that
// a file cannot move a terminal's cursor or recolour it.
std::string shown(std::string_view text) {
  std::string out = one_line(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      c = '?';
    }
  }
  return out;
}

template <typename T>
std::optional<double> as_double(const std::optional<T>& value) {
  return value ? std::optional<double>(static_cast<double>(*value)) : std::nullopt;
}

// The plan's rate into stage `i` (none for the first stage).
std::optional<double> plan_rate(const Scenario& s, std::size_t i) {
  return i == 0 ? std::nullopt : std::optional<double>(s.stages[i].rate);
}

std::string step_name(const Scenario& s, std::size_t i) {
  return fmt::format("`{}` -> `{}`", shown(s.stages[i - 1].name), shown(s.stages[i].name));
}

// One table for both human formats: the terminal's aligned text and Markdown.
struct Grid {
  std::vector<std::string> headers;
  std::vector<Align> aligns;
  std::vector<std::vector<std::string>> rows;
};

std::string render_text(const Grid& grid, const std::string& bold_on, const std::string& bold_off) {
  TextTable table(grid.headers, grid.aligns);
  for (const auto& row : grid.rows) {
    table.add_row(row);
  }
  return table.render(bold_on, bold_off);
}

std::string render_markdown(const Grid& grid) {
  std::string text = "|";
  for (const std::string& h : grid.headers) {
    text += ' ';
    text += markdown_cell(h);
    text += " |";
  }
  text += "\n|";
  for (Align a : grid.aligns) {
    text += a == Align::left ? ":--|" : "--:|";
  }
  text += "\n";
  for (const auto& row : grid.rows) {
    text += "|";
    for (const std::string& cell : row) {
      text += ' ';
      text += markdown_cell(cell);
      text += " |";
    }
    text += "\n";
  }
  return text;
}

std::string optional_percent(const std::optional<double>& fraction) {
  return fraction ? format_percent(*fraction) : std::string(k_dash);
}

std::string optional_money(const std::optional<double>& amount, const std::string& currency) {
  return amount ? format_money(*amount, currency) : std::string(k_dash);
}

std::string days_text(const std::optional<std::int32_t>& days) {
  return days ? fmt::format("{} d", *days) : std::string(k_dash);
}

// The stage table: the pace and observed rate of each stage.
Grid stage_grid(const TrackReport& r) {
  const Scenario& s = r.scenario;
  Grid g{{"Stage", "Required", "Plan to date", "Actual", "Pace", "Forecast", "Plan rate",
          "Observed", "Mature n", "Maturity"},
         {Align::left, Align::right, Align::right, Align::right, Align::right, Align::right,
          Align::right, Align::right, Align::right, Align::right},
         {}};
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    const StageActuals& a = r.figures.stages[i];
    g.rows.push_back({shown(s.stages[i].name), format_count(r.plan.stages[i].required),
                      format_hundredths(a.plan_to_date),
                      format_count(static_cast<double>(a.actual)), optional_percent(a.pace),
                      format_hundredths(a.forecast), optional_percent(plan_rate(s, i)),
                      optional_percent(a.observed_rate),
                      a.n ? format_count(static_cast<double>(*a.n)) : std::string(k_dash),
                      days_text(a.maturity_days)});
  }
  return g;
}

// The channel x metric matrix: leads in the period, each step's observed rate
// (marked `*` below min_sample), spend, CPL, effective CPL, time to the last stage.
Grid channel_grid(const TrackReport& r) {
  const Scenario& s = r.scenario;
  const std::size_t stages = s.stages.size();
  Grid g;
  g.headers = {"Channel", "In plan", fmt::format("{} (period)", shown(s.stages[0].name))};
  g.aligns = {Align::left, Align::left, Align::right};
  for (std::size_t i = 1; i < stages; ++i) {
    g.headers.push_back(fmt::format("{} rate", shown(s.stages[i].name)));
    g.aligns.push_back(Align::right);
  }
  if (r.spend) {
    for (const char* h : {"Spend", "CPL", "Effective CPL"}) {
      g.headers.emplace_back(h);
      g.aligns.push_back(Align::right);
    }
  }
  g.headers.push_back(fmt::format("Time to {}", shown(s.stages.back().name)));
  g.aligns.push_back(Align::right);
  for (std::size_t c = 0; c < r.figures.channels.size(); ++c) {
    const ChannelActuals& a = r.figures.channels[c];
    std::vector<std::string> row = {shown(r.channel_names[c]), r.in_plan[c] ? "yes" : "no",
                                    format_count(static_cast<double>(a.actual[0]))};
    for (std::size_t i = 1; i < stages; ++i) {
      std::string cell = optional_percent(a.observed_rate[i]);
      if (a.observed_rate[i] && a.n[i].value_or(0) < r.min_sample) {
        cell += "*";
      }
      row.push_back(std::move(cell));
    }
    if (r.spend) {
      row.push_back(optional_money(a.spend, s.currency));
      row.push_back(optional_money(a.cpl, s.currency));
      row.push_back(optional_money(a.cost_per_stage[1], s.currency));
    }
    const std::size_t last = stages - 1;
    row.push_back(a.lead_time_median[last]
                      ? fmt::format("{} / {} d", *a.lead_time_median[last], *a.lead_time_p90[last])
                      : std::string(k_dash));
    g.rows.push_back(std::move(row));
  }
  return g;
}

// Days from the first stage to each later one, per channel: median / p90.
Grid lead_time_grid(const TrackReport& r) {
  const Scenario& s = r.scenario;
  Grid g{{"Channel"}, {Align::left}, {}};
  for (std::size_t i = 1; i < s.stages.size(); ++i) {
    g.headers.push_back(shown(s.stages[i].name));
    g.aligns.push_back(Align::right);
  }
  for (std::size_t c = 0; c < r.figures.channels.size(); ++c) {
    const ChannelActuals& a = r.figures.channels[c];
    std::vector<std::string> row = {shown(r.channel_names[c])};
    for (std::size_t i = 1; i < s.stages.size(); ++i) {
      row.push_back(a.lead_time_median[i]
                        ? fmt::format("{} / {}", *a.lead_time_median[i], *a.lead_time_p90[i])
                        : std::string(k_dash));
    }
    g.rows.push_back(std::move(row));
  }
  return g;
}

std::string period_line(const TrackReport& r) {
  const ActualFigures& f = r.figures;
  const int elapsed_days = static_cast<int>((f.as_of - f.period.first).count()) + 1;
  return fmt::format("Period {} ({} to {}): {} of {} days elapsed ({})",
                     period_label(period_kind(r.scenario.period), f.period.first),
                     format_date(f.period.first), format_date(f.period.last), elapsed_days,
                     f.period.days(), format_percent(f.elapsed));
}

std::string rows_line(const TrackReport& r) {
  return fmt::format("{}: {} rows, {} skipped (no date)", shown(r.leads_file),
                     format_count(static_cast<double>(r.figures.rows)),
                     format_count(static_cast<double>(r.figures.rows_skipped)));
}

std::string csv_number(const std::optional<double>& value) {
  return value ? format_exact(*value) : std::string();
}

}  // namespace

PeriodKind period_kind(Period period) {
  switch (period) {
    case Period::week:
      return PeriodKind::week;
    case Period::month:
      return PeriodKind::month;
    case Period::quarter:
      return PeriodKind::quarter;
    case Period::year:
      return PeriodKind::year;
  }
  return PeriodKind::month;
}

std::vector<std::string> track_findings(const TrackReport& r) {
  const Scenario& s = r.scenario;
  const ActualFigures& f = r.figures;
  std::vector<std::string> out;
  const StageActuals& top = f.stages[0];
  const std::optional<double> volume = top.pace;
  if (volume) {
    out.push_back(fmt::format(
        "Lead volume: {} `{}` so far, {} of the {} planned to date (forecast {} of {}); {}.",
        format_count(static_cast<double>(top.actual)), shown(s.stages[0].name),
        format_percent(*volume), format_hundredths(top.plan_to_date),
        format_hundredths(top.forecast), format_count(r.plan.stages[0].required),
        *volume >= 1.0 ? "on pace" : "behind"));
  }
  std::optional<double> conversion;
  if (f.bottleneck) {
    const std::size_t i = f.bottleneck->stage;
    conversion = f.bottleneck->ratio;
    out.push_back(fmt::format(
        "Weakest step: {} converts at {} against the planned {} ({} of plan, {} mature leads).",
        step_name(s, i), optional_percent(f.stages[i].observed_rate),
        format_percent(s.stages[i].rate), format_percent(*conversion),
        format_count(static_cast<double>(f.stages[i].n.value_or(0)))));
  } else {
    out.push_back(fmt::format(
        "No step has {} mature leads yet: the observed rates do not say where the funnel leaks.",
        r.min_sample));
  }
  const bool volume_ok = !volume || *volume >= 1.0;
  const bool conversion_ok = !conversion || *conversion >= 1.0;
  if (volume_ok && conversion_ok) {
    out.emplace_back(
        "No leak: lead volume is on pace and every step with enough mature leads converts at or "
        "above plan.");
  } else if (conversion && (!volume || *conversion < *volume)) {
    out.push_back(fmt::format(
        "The funnel leaks most at {}: its conversion falls further below plan than lead volume.",
        step_name(s, f.bottleneck->stage)));
  } else {
    out.emplace_back(
        "The larger gap is lead volume: fewer leads than planned, by more than any step's "
        "conversion falls short.");
  }
  std::vector<std::string> unknown;
  for (std::size_t c = 0; c < f.channels.size(); ++c) {
    if (!r.in_plan[c] && f.channels[c].actual[0] > 0) {
      unknown.push_back(fmt::format("{} ({})", shown(r.channel_names[c]),
                                    format_count(static_cast<double>(f.channels[c].actual[0]))));
    }
  }
  if (!unknown.empty() && !s.channels.empty()) {
    out.push_back(fmt::format("Leads in the period from channels not in the plan: {}.",
                              fmt::join(unknown, ", ")));
  }
  return out;
}

void write_track_json(std::ostream& out, const TrackReport& r) {
  const Scenario& s = r.scenario;
  const ActualFigures& f = r.figures;
  JsonWriter w(out);
  w.begin_object();
  w.field("contract", 2.0);
  w.key("scenario");
  w.begin_object();
  w.field("name", s.name);
  w.field("period", period_name(s.period));
  w.field("currency", std::string_view(s.currency));
  w.end_object();
  w.key("track");
  w.begin_object();
  w.field("leads_file", std::string_view(r.leads_file));
  w.field("as_of", std::string_view(format_date(f.as_of)));
  w.key("period");
  w.begin_object();
  w.field("label", std::string_view(period_label(period_kind(s.period), f.period.first)));
  w.field("start", std::string_view(format_date(f.period.first)));
  w.field("end", std::string_view(format_date(f.period.last)));
  w.field("elapsed", f.elapsed);
  w.end_object();
  w.field("rows", static_cast<double>(f.rows));
  w.field("rows_skipped", static_cast<double>(f.rows_skipped));
  w.field("min_sample", static_cast<double>(r.min_sample));
  w.key("stages");
  w.begin_array();
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    const StageActuals& a = f.stages[i];
    w.begin_object();
    w.field("name", std::string_view(s.stages[i].name));
    w.field("required", r.plan.stages[i].required);
    w.field("actual", static_cast<double>(a.actual));
    w.field("plan_to_date", a.plan_to_date);
    w.field("pace", a.pace);
    w.field("forecast", a.forecast);
    w.field("rate", plan_rate(s, i));
    w.field("observed_rate", a.observed_rate);
    w.field("n", as_double(a.n));
    w.field("maturity_days", as_double(a.maturity_days));
    w.end_object();
  }
  w.end_array();
  w.key("channels");
  w.begin_array();
  for (std::size_t c = 0; c < f.channels.size(); ++c) {
    const ChannelActuals& a = f.channels[c];
    w.begin_object();
    w.field("name", std::string_view(r.channel_names[c]));
    w.field("in_plan", static_cast<bool>(r.in_plan[c]));
    auto list = [&w](std::string_view name, const auto& values) {
      w.key(name);
      w.begin_array();
      for (const auto& v : values) {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::uint64_t>) {
          w.value(static_cast<double>(v));
        } else if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::optional<double>>) {
          w.value(v);
        } else {
          w.value(as_double(v));
        }
      }
      w.end_array();
    };
    list("actual", a.actual);
    list("observed_rate", a.observed_rate);
    list("n", a.n);
    list("maturity_days", a.maturity_days);
    list("observed_yield", a.observed_yield);
    list("lead_time_median", a.lead_time_median);
    list("lead_time_p90", a.lead_time_p90);
    w.field("spend", a.spend);
    w.field("cpl", a.cpl);
    list("cost_per_stage", a.cost_per_stage);
    w.end_object();
  }
  w.end_array();
  w.key("bottleneck");
  if (f.bottleneck) {
    w.begin_object();
    w.field("stage", std::string_view(s.stages[f.bottleneck->stage].name));
    w.field("from", std::string_view(s.stages[f.bottleneck->stage - 1].name));
    w.field("ratio", f.bottleneck->ratio);
    w.end_object();
  } else {
    w.null();
  }
  w.key("findings");
  w.begin_array();
  for (const std::string& line : track_findings(r)) {
    w.value(std::string_view(line));
  }
  w.end_array();
  w.end_object();
  w.end_object();
  w.flush();
  out << '\n';
}

void write_track_table(std::ostream& out, const TrackReport& r, const TableStyle& style) {
  const std::string bold = style.color ? "\x1b[1m" : "";
  const std::string reset = style.color ? "\x1b[0m" : "";
  const Scenario& s = r.scenario;
  std::string text = bold + shown(s.name ? *s.name : std::string("leadplan")) + reset +
                     ": actuals as of " + format_date(r.figures.as_of) + "\n";
  text += period_line(r) + "\n" + rows_line(r) + "\n\n";
  text += render_text(stage_grid(r), bold, reset);
  text += fmt::format("\nChannels (rates: mature leads of the whole file; * fewer than {})\n",
                      r.min_sample);
  text += render_text(channel_grid(r), bold, reset);
  text += fmt::format("\nLead time from `{}`, in days (median / p90)\n", shown(s.stages[0].name));
  text += render_text(lead_time_grid(r), bold, reset);
  text += "\nWhere the funnel leaks\n";
  for (const std::string& line : track_findings(r)) {
    text += "  " + line + "\n";
  }
  out << text;
}

void write_track_markdown(std::ostream& out, const TrackReport& r) {
  const Scenario& s = r.scenario;
  std::string text = fmt::format("### {}: actuals as of {}\n\n",
                                 markdown_cell(s.name ? *s.name : std::string("leadplan")),
                                 format_date(r.figures.as_of));
  text += markdown_cell(period_line(r)) + " · " + markdown_cell(rows_line(r)) + "\n\n";
  text += render_markdown(stage_grid(r));
  text +=
      fmt::format("\n**Channels** (rates: mature leads of the whole file; \\* fewer than {})\n\n",
                  r.min_sample);
  text += render_markdown(channel_grid(r));
  text += fmt::format("\n**Lead time** from `{}`, in days (median / p90)\n\n",
                      markdown_cell(s.stages[0].name));
  text += render_markdown(lead_time_grid(r));
  text += "\n**Where the funnel leaks**\n\n";
  for (const std::string& line : track_findings(r)) {
    text += "- " + markdown_cell(line) + "\n";
  }
  out << text;
}

void write_track_csv(std::ostream& out, const TrackReport& r) {
  const Scenario& s = r.scenario;
  const ActualFigures& f = r.figures;
  std::string text =
      "kind,channel,in_plan,stage,from,as_of,period_start,period_end,elapsed,rows,rows_skipped,"
      "required,actual,plan_to_date,pace,forecast,rate,observed_rate,n,maturity_days,"
      "observed_yield,lead_time_median,lead_time_p90,spend,cpl,cost_per_stage,ratio\n";
  text += fmt::format("track,,,,,{},{},{},{},{},{},,,,,,,,,,,,,,,,\n", format_date(f.as_of),
                      format_date(f.period.first), format_date(f.period.last),
                      format_exact(f.elapsed), f.rows, f.rows_skipped);
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    const StageActuals& a = f.stages[i];
    text += fmt::format("stage,,,{},{},,,,,,,{},{},{},{},{},{},{},{},{},,,,,,,\n",
                        csv_field(s.stages[i].name),
                        i == 0 ? std::string() : csv_field(s.stages[i - 1].name),
                        format_exact(r.plan.stages[i].required), a.actual,
                        format_exact(a.plan_to_date), csv_number(a.pace), format_exact(a.forecast),
                        csv_number(plan_rate(s, i)), csv_number(a.observed_rate),
                        csv_number(as_double(a.n)), csv_number(as_double(a.maturity_days)));
  }
  for (std::size_t c = 0; c < f.channels.size(); ++c) {
    const ChannelActuals& a = f.channels[c];
    const std::string name = csv_field(r.channel_names[c]);
    text += fmt::format("channel,{},{},,,,,,,,,,{},,,,,,,,,,,{},{},,\n", name,
                        r.in_plan[c] ? "true" : "false", a.actual[0], csv_number(a.spend),
                        csv_number(a.cpl));
    for (std::size_t i = 0; i < s.stages.size(); ++i) {
      text +=
          fmt::format("channel_stage,{},{},{},{},,,,,,,,{},,,,,{},{},{},{},{},{},,,{},\n", name,
                      r.in_plan[c] ? "true" : "false", csv_field(s.stages[i].name),
                      i == 0 ? std::string() : csv_field(s.stages[i - 1].name), a.actual[i],
                      csv_number(a.observed_rate[i]), csv_number(as_double(a.n[i])),
                      csv_number(as_double(a.maturity_days[i])), csv_number(a.observed_yield[i]),
                      csv_number(as_double(a.lead_time_median[i])),
                      csv_number(as_double(a.lead_time_p90[i])), csv_number(a.cost_per_stage[i]));
    }
  }
  if (f.bottleneck) {
    const std::size_t i = f.bottleneck->stage;
    text += fmt::format("bottleneck,,,{},{},,,,,,,,,,,,{},{},{},,,,,,,,{}\n",
                        csv_field(s.stages[i].name), csv_field(s.stages[i - 1].name),
                        format_exact(s.stages[i].rate), csv_number(f.stages[i].observed_rate),
                        csv_number(as_double(f.stages[i].n)), format_exact(f.bottleneck->ratio));
  }
  out << text;
}

}  // namespace leadplan
