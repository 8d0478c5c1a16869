#include "leadplan/report/optimize_report.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "leadplan/engine/engine.hpp"
#include "leadplan/report/format.hpp"
#include "leadplan/report/json_writer.hpp"
#include "leadplan/report/text_table.hpp"

namespace leadplan {

namespace {

// The most channels the advice names in each direction (the table lists all).
constexpr std::size_t k_moves_named = 5;

// Half a cent: a change of spend below it is no move.
constexpr double k_no_move = 0.005;

const char* mode_name(OptimizeMode mode) {
  return mode == OptimizeMode::budget ? "budget" : "target";
}

// The unit of the objective, for sentences: "wins", "`mql` entries", "revenue".
std::string unit_plural(const Scenario& s, const Objective& o) {
  if (o.revenue) {
    return "revenue";
  }
  if (o.name == "wins" && s.stages[o.stage].name != "wins") {
    return "wins";
  }
  return fmt::format("`{}` entries", one_line(s.stages[o.stage].name));
}

// One unit of the objective: "win", "`mql` entry", "$1.00 of revenue".
std::string unit_single(const Scenario& s, const Objective& o) {
  if (o.revenue) {
    return fmt::format("{} of revenue", format_money(1.0, s.currency));
  }
  if (o.name == "wins" && s.stages[o.stage].name != "wins") {
    return "win";
  }
  return fmt::format("`{}` entry", one_line(s.stages[o.stage].name));
}

// An amount of the objective: money for revenue, else a count to hundredths.
std::string amount(const Scenario& s, const Objective& o, double value) {
  return o.revenue ? format_money(value, s.currency) : format_hundredths(value);
}

// A change as a signed percentage with one decimal, ".0" dropped: "+31.4%", "-5%".
std::string signed_percent(double fraction) {
  const double tenths = std::round(fraction * 1000.0);
  if (tenths == 0.0) {
    return "+0%";
  }
  std::string text = fmt::format("{:+.1f}", tenths / 10.0);
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) {
    text.resize(text.size() - 2);
  }
  return text + "%";
}

std::string signed_money(double amount, const std::string& currency) {
  if (std::fabs(amount) < k_no_move) {
    return format_money(0.0, currency);
  }
  return fmt::format("{}{}", amount > 0.0 ? "+" : "", format_money(amount, currency));
}

// The column of the objective's value: "wins", "mql", "revenue".
std::string value_header(const Scenario& s, const Objective& o) {
  if (o.revenue || o.name == "wins") {
    return o.name;
  }
  return one_line(s.stages[o.stage].name);
}

// The human report, as cells and sentences the table and Markdown both draw.
struct Advice {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;  // one per channel, then the total
  std::vector<std::string> lines;              // the advice, one sentence each
  std::string title;
  std::string setting;
};

// "a (+$5,000.00), b (+$20.00) and 3 more": the largest moves one way.
std::string moves(const Scenario& s, const Optimum& o, bool up) {
  std::vector<std::size_t> picked;
  for (std::size_t i = 0; i < o.channels.size(); ++i) {
    const double change = o.channels[i].spend - o.channels[i].current_spend;
    if (up ? change >= k_no_move : change <= -k_no_move) {
      picked.push_back(i);
    }
  }
  const std::size_t named = std::min(picked.size(), k_moves_named);
  auto size = [&](std::size_t i) {
    return std::fabs(o.channels[i].spend - o.channels[i].current_spend);
  };
  std::partial_sort(
      picked.begin(), picked.begin() + static_cast<std::ptrdiff_t>(named), picked.end(),
      [&](std::size_t a, std::size_t b) { return size(a) != size(b) ? size(a) > size(b) : a < b; });
  std::string text;
  for (std::size_t k = 0; k < named; ++k) {
    const std::size_t i = picked[k];
    text +=
        fmt::format("{}{} ({})", k == 0 ? "" : ", ", one_line(s.channels[i].name),
                    signed_money(o.channels[i].spend - o.channels[i].current_spend, s.currency));
  }
  if (picked.size() > named) {
    text += fmt::format(" and {} more", picked.size() - named);
  }
  return text;
}

Advice make_advice(const Scenario& s, const Optimum& o) {
  const std::string& cur = s.currency;
  const Objective& obj = o.objective;
  Advice a;
  a.title = fmt::format("{}: {}", one_line(s.name ? *s.name : std::string("leadplan")),
                        o.mode == OptimizeMode::budget ? "where the budget should go"
                                                       : "the least spend that reaches the target");
  a.setting =
      fmt::format("Objective: {} (value of a lead: its {}), per {}; {}", obj.name,
                  obj.revenue ? fmt::format("`{}` x deal size", one_line(s.stages[obj.stage].name))
                              : fmt::format("yield into `{}`", one_line(s.stages[obj.stage].name)),
                  period_name(s.period),
                  o.mode == OptimizeMode::budget
                      ? fmt::format("budget {}", format_money(*o.budget, cur))
                      : fmt::format("target {} {}", amount(s, obj, o.target), unit_plural(s, obj)));

  const std::string value = value_header(s, obj);
  a.headers = {"Channel",
               "Spend now",
               "Optimal spend",
               "Change",
               fmt::format("{} now", value),
               fmt::format("Optimal {}", value),
               fmt::format("Cost per {}", unit_single(s, obj)),
               "Held by"};
  for (std::size_t i = 0; i < o.channels.size(); ++i) {
    const ChannelAllocation& c = o.channels[i];
    a.rows.push_back(
        {one_line(s.channels[i].name), format_money(c.current_spend, cur),
         format_money(c.spend, cur), signed_money(c.spend - c.current_spend, cur),
         amount(s, obj, c.current_value), amount(s, obj, c.value),
         format_money(s.channels[i].first_cpl() / c.value_per_lead, cur),
         c.binding == Binding::none ? std::string("-") : std::string(binding_name(c.binding))});
  }
  a.rows.push_back({"Total", format_money(o.current_spend, cur), format_money(o.spend, cur),
                    signed_money(o.spend - o.current_spend, cur), amount(s, obj, o.current_value),
                    amount(s, obj, o.value), "", ""});

  const std::string units = unit_plural(s, obj);
  if (o.mode == OptimizeMode::budget) {
    if (o.gain && *o.gain > k_tolerance) {
      a.lines.push_back(fmt::format("{} {} on the same budget: {} instead of {}.",
                                    signed_percent(*o.gain), units, amount(s, obj, o.value),
                                    amount(s, obj, o.current_value)));
    } else if (o.gain && *o.gain < -k_tolerance) {
      a.lines.push_back(fmt::format(
          "{} {} against the shares: the minimum spends cost {} (the shares ignore them).",
          signed_percent(*o.gain), units, amount(s, obj, o.current_value - o.value)));
    } else if (o.gain) {
      a.lines.push_back(
          fmt::format("The shares are already optimal: {} {}.", amount(s, obj, o.value), units));
    } else {
      a.lines.push_back(fmt::format("The shares buy nothing; the optimum buys {} {}.",
                                    amount(s, obj, o.value), units));
    }
    a.lines.push_back(
        fmt::format("The target, {} {}, is {}.", amount(s, obj, o.target), units,
                    o.feasible ? "within reach of the optimum"
                               : fmt::format("out of reach even so ({} short)",
                                             amount(s, obj, o.target - o.value_after_capacity))));
    if (o.unspent && *o.unspent > 0.0) {
      a.lines.push_back(
          fmt::format("The caps leave {} of the budget unspent.", format_money(*o.unspent, cur)));
    }
  } else {
    if (o.feasible) {
      a.lines.push_back(fmt::format("{} {} for {} at the least.", amount(s, obj, o.value), units,
                                    format_money(o.spend, cur)));
    } else {
      a.lines.push_back(fmt::format(
          "No spend reaches {} {}: the {} stop at {}, for {}.", amount(s, obj, o.target), units,
          o.capped_stages.empty() ? "caps" : "caps and capacities",
          amount(s, obj, o.value_after_capacity), format_money(o.spend, cur)));
    }
    if (o.current_spend_needed) {
      const double saved = o.spend / *o.current_spend_needed - 1.0;
      a.lines.push_back(fmt::format("The shares would need {} to get there ({} with the optimum).",
                                    format_money(*o.current_spend_needed, cur),
                                    signed_percent(saved)));
    } else {
      a.lines.push_back("The shares cannot get there: their caps stop them first.");
    }
    if (o.gain && std::fabs(*o.gain) > k_tolerance) {
      a.lines.push_back(fmt::format("{} {} for the same {} as the shares spend.",
                                    signed_percent(*o.gain), units, format_money(o.spend, cur)));
    }
  }
  const std::string up = moves(s, o, true);
  const std::string down = moves(s, o, false);
  if (!up.empty()) {
    a.lines.push_back(fmt::format("Spend more on: {}.", up));
  }
  if (!down.empty()) {
    a.lines.push_back(fmt::format("Spend less on: {}.", down));
  }
  if (o.marginal_cost && o.marginal_channel) {
    a.lines.push_back(fmt::format("At the margin one more {} costs {} (through {}).",
                                  unit_single(s, obj), format_money(*o.marginal_cost, cur),
                                  one_line(s.channels[*o.marginal_channel].name)));
  }
  if (!o.capped_stages.empty()) {
    std::string names;
    for (std::size_t i : o.capped_stages) {
      names += fmt::format("{}`{}` ({})", names.empty() ? "" : ", ", one_line(s.stages[i].name),
                           format_count(*s.stages[i].capacity));
    }
    a.lines.push_back(fmt::format(
        "Warning: the capacity of {} cuts this mix: {} {} after the cut. {} (docs/optimize.md, "
        "\"Capacities\").",
        names, amount(s, obj, o.value_after_capacity), units,
        o.exact ? "Every channel converts alike below the cut, so this split stays the best, "
                  "but spend that overfills the capacity buys nothing"
                : "The optimum ignores capacities: under this cut it may not be the best split"));
  }
  return a;
}

}  // namespace

void write_optimize_table(std::ostream& out, const Scenario& s, const Optimum& o,
                          const TableStyle& style) {
  const Advice a = make_advice(s, o);
  const std::string bold = style.color ? "\x1b[1m" : "";
  const std::string reset = style.color ? "\x1b[0m" : "";
  std::vector<Align> aligns(a.headers.size(), Align::right);
  aligns.front() = Align::left;
  aligns.back() = Align::left;
  TextTable table(a.headers, aligns);
  for (const std::vector<std::string>& row : a.rows) {
    table.add_row(row);
  }
  std::string text =
      fmt::format("{}{}{}\n{}\n\n{}", bold, a.title, reset, a.setting, table.render(bold, reset));
  text += "\n";
  for (const std::string& line : a.lines) {
    text += line + "\n";
  }
  out << text;
}

void write_optimize_markdown(std::ostream& out, const Scenario& s, const Optimum& o) {
  const Advice a = make_advice(s, o);
  std::string text =
      fmt::format("## {}\n\n{}\n\n|", markdown_cell(a.title), markdown_cell(a.setting));
  std::string rule = "|";
  for (std::size_t k = 0; k < a.headers.size(); ++k) {
    text += fmt::format(" {} |", markdown_cell(a.headers[k]));
    rule += k == 0 || k + 1 == a.headers.size() ? " --- |" : " ---: |";
  }
  text += fmt::format("\n{}\n", rule);
  for (const std::vector<std::string>& row : a.rows) {
    text += "|";
    for (const std::string& cell : row) {
      text += fmt::format(" {} |", markdown_cell(cell));
    }
    text += "\n";
  }
  text += "\n";
  for (const std::string& line : a.lines) {
    text += fmt::format("- {}\n", markdown_cell(line));
  }
  out << text;
}

void write_optimize_json(std::ostream& out, const Scenario& s, const Optimum& o) {
  JsonWriter json(out);
  json.begin_object();
  json.field("contract", 2.0);
  json.key("scenario");
  json.begin_object();
  json.field("name", s.name);
  json.field("period", period_name(s.period));
  json.field("currency", std::string_view(s.currency));
  json.end_object();

  json.key("optimize");
  json.begin_object();
  json.field("mode", mode_name(o.mode));
  json.field("objective", std::string_view(o.objective.name));
  json.field("objective_stage", std::string_view(s.stages[o.objective.stage].name));
  json.field("budget", o.budget);
  json.field("target", o.target);
  json.field("spend", o.spend);
  json.field("value", o.value);
  json.field("current_spend", o.current_spend);
  json.field("current_value", o.current_value);
  json.field("gain", o.gain);
  json.field("marginal_cost", o.marginal_cost);
  json.key("marginal_channel");
  if (o.marginal_channel) {
    json.value(std::string_view(s.channels[*o.marginal_channel].name));
  } else {
    json.null();
  }
  json.field("feasible", o.feasible);
  json.field("max_value",
             o.feasible ? std::nullopt : std::optional<double>(o.value_after_capacity));
  json.field("unspent", o.unspent);
  json.field("current_spend_needed", o.current_spend_needed);
  json.field("value_after_capacity", o.value_after_capacity);
  json.field("exact", o.exact);
  json.key("capped_stages");
  json.begin_array();
  for (std::size_t i : o.capped_stages) {
    json.value(std::string_view(s.stages[i].name));
  }
  json.end_array();
  json.key("channels");
  json.begin_array();
  for (std::size_t i = 0; i < o.channels.size(); ++i) {
    const ChannelAllocation& c = o.channels[i];
    json.begin_object();
    json.field("name", std::string_view(s.channels[i].name));
    json.field("current_spend", c.current_spend);
    json.field("current_leads", c.current_leads);
    json.field("current_value", c.current_value);
    json.field("spend", c.spend);
    json.field("leads", c.leads);
    json.field("value", c.value);
    json.field("value_per_lead", c.value_per_lead);
    json.key("binding");
    if (c.binding == Binding::none) {
      json.null();
    } else {
      json.value(binding_name(c.binding));
    }
    json.end_object();
  }
  json.end_array();
  json.end_object();
  json.end_object();
  json.flush();
}

void write_optimize_csv(std::ostream& out, const Scenario& s, const Optimum& o) {
  auto number = [](const std::optional<double>& v) { return v ? format_exact(*v) : std::string(); };
  std::string text =
      "kind,name,current_spend,current_leads,current_value,spend,leads,value,binding,mode,"
      "objective,budget,target,gain,marginal_cost,feasible\n";
  for (std::size_t i = 0; i < o.channels.size(); ++i) {
    const ChannelAllocation& c = o.channels[i];
    text += fmt::format("channel,{},{},{},{},{},{},{},{},,,,,,,\n", csv_field(s.channels[i].name),
                        format_exact(c.current_spend), format_exact(c.current_leads),
                        format_exact(c.current_value), format_exact(c.spend), format_exact(c.leads),
                        format_exact(c.value), binding_name(c.binding));
    if (text.size() > (1U << 16)) {
      out << text;
      text.clear();
    }
  }
  double current_leads = 0.0;
  double leads = 0.0;
  for (const ChannelAllocation& c : o.channels) {
    current_leads += c.current_leads;
    leads += c.leads;
  }
  text +=
      fmt::format("total,,{},{},{},{},{},{},,{},{},{},{},{},{},{}\n", format_exact(o.current_spend),
                  format_exact(current_leads), format_exact(o.current_value), format_exact(o.spend),
                  format_exact(leads), format_exact(o.value), mode_name(o.mode),
                  csv_field(o.objective.name), number(o.budget), format_exact(o.target),
                  number(o.gain), number(o.marginal_cost), o.feasible ? "true" : "false");
  out << text;
}

}  // namespace leadplan
