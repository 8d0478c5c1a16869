#include "leadplan/report/html_report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "leadplan/model/diagnostic.hpp"
#include "leadplan/report/format.hpp"
#include "leadplan/report/html_svg.hpp"
#include "leadplan/report/plan_lines.hpp"
#include "leadplan/report/report.hpp"

namespace leadplan {

namespace {

constexpr std::size_t k_flush_bytes = 64 * 1024;

// Colours are CSS variables, set again under prefers-color-scheme: dark, so the
// same SVG reads in both schemes. Hatching is not used: each mark also differs
// by its shape or position and carries its figure in the table beside it.
constexpr std::string_view k_style =
    R"(:root{color-scheme:light dark;--fg:#1b1f24;--bg:#ffffff;--muted:#57606a;--grid:#d0d7de;--required:#0969da;--projected:#8250df;--capacity:#cf222e;--ok:#1a7f37;--over:#cf222e;--line:#0969da;}
@media (prefers-color-scheme: dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--grid:#30363d;--required:#4493f8;--projected:#ab7df8;--capacity:#f85149;--ok:#3fb950;--over:#f85149;--line:#4493f8}}
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:2rem;line-height:1.4}
main{display:flex;flex-direction:column;gap:1rem;max-width:80rem}
h1{font-size:1.5rem;margin:0}
h2{font-size:1.2rem;margin:1rem 0 .5rem}
.pair{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
.chart{max-width:100%;height:auto}
.chart text{fill:var(--fg);font-size:12px}
.chart .muted{fill:var(--muted)}
.chart .bad{fill:var(--over);font-weight:bold}
.axis{stroke:var(--grid);stroke-width:1}
.required{fill:var(--required)}
.projected{fill:var(--projected)}
.capacity{stroke:var(--capacity);stroke-width:3}
.allowable{stroke:var(--capacity);stroke-width:2;stroke-dasharray:4 3}
.within{fill:var(--ok)}
.over{fill:var(--over)}
.trend{fill:none;stroke:var(--line);stroke-width:2}
.key-required{fill:var(--required)}.key-projected{fill:var(--projected)}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--grid);padding:.2rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}
caption{text-align:left;font-weight:bold;padding-bottom:.3rem}
.fail{color:var(--over);font-weight:bold}
.pass{color:var(--ok)}
.table-scroll{max-height:40rem;overflow:auto}
dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem;margin:0}
dt{color:var(--muted)}dd{margin:0}
header{order:-2}
.chart-first{order:-1}
.heat0,.heat1,.heat2,.heat3,.heat4,.heat5,.heat6,.heat7,.heat8,.heat9{fill:var(--line)}
.heat0{fill-opacity:.1}.heat1{fill-opacity:.2}.heat2{fill-opacity:.3}.heat3{fill-opacity:.4}.heat4{fill-opacity:.5}
.heat5{fill-opacity:.6}.heat6{fill-opacity:.7}.heat7{fill-opacity:.8}.heat8{fill-opacity:.9}.heat9{fill-opacity:1}
)";

// Appends a numeric cell: the figure as people read it, its exact value in
// data-value (the JSON's number) for scripts and tests.
void number_cell(std::string& out, const std::string& shown, double exact) {
  out += "<td data-value=\"";
  out += format_exact(exact);
  out += "\">";
  out += html_escape(shown);
  out += "</td>";
}

void text_cell(std::string& out, std::string_view text, std::string_view css = {}) {
  out += css.empty() ? "<td>" : fmt::format("<td class=\"{}\">", css);
  out += html_escape(text);
  out += "</td>";
}

void empty_cell(std::string& out) {
  out += "<td></td>";
}

void page_start(std::string& out, std::string_view title, std::string_view subtitle) {
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"color-scheme\" content=\"light dark\">\n<title>";
  out += html_escape(title);
  out += "</title>\n<style>\n";
  out += k_style;
  out += "</style>\n</head>\n<body>\n<main>\n<header>\n<h1>";
  out += html_escape(title);
  out += "</h1>\n<p>";
  out += html_escape(subtitle);
  out += "</p>\n</header>\n";
}

void page_end(std::string& out) {
  out += "</main>\n</body>\n</html>\n";
}

std::string page_title(const Scenario& s) {
  return s.name ? one_line(*s.name) : std::string("leadplan");
}

std::string subtitle(const Scenario& s, const Plan& plan) {
  return fmt::format("Target {} wins a {}, {}, rounding {}", format_count(plan.wins),
                     period_name(s.period), s.currency,
                     s.rounding == Rounding::ceil ? "ceil" : "none");
}

void summary(std::string& out, const Scenario& s, const Plan& plan) {
  out +=
      "<section aria-labelledby=\"summary-heading\">\n<h2 "
      "id=\"summary-heading\">Summary</h2>\n<dl>\n";
  const auto item = [&out](std::string_view label, std::string_view value) {
    out += "<dt>";
    out += html_escape(label);
    out += "</dt><dd>";
    out += html_escape(value);
    out += "</dd>\n";
  };
  item("Target wins", format_count(plan.wins));
  if (s.budget) {
    item("Budget", format_money(*s.budget, s.currency));
  }
  if (plan.allowable_cpl) {
    item("Allowable CPL", format_money(*plan.allowable_cpl, s.currency));
  }
  for (const PlanLine& line : mix_lines(s, plan)) {
    item(line.label, line.verdict.empty() ? line.value : line.value + " (" + line.verdict + ")");
  }
  item("Bottleneck",
       fmt::format("{} ({})", s.stages[plan.bottleneck.stage].name, bottleneck_reason(s, plan)));
  out += "</dl>\n</section>\n";
}

// The funnel: per stage, the required count against the projected one and the
// capacity, each row scaled to its own largest figure (the stages span orders
// of magnitude; the table holds the figures).
void funnel(std::string& out, const Scenario& s, const Plan& plan) {
  const std::size_t n = s.stages.size();
  const bool projected = plan.mix && plan.mix->projected.size() == n;
  out +=
      "<section aria-labelledby=\"funnel-heading\">\n<h2 id=\"funnel-heading\">Funnel</h2>\n"
      "<div class=\"pair\">\n<figure>\n";
  constexpr double k_label = 130;
  constexpr double k_bars = 360;
  constexpr double k_row = 44;
  const double width = k_label + k_bars + 150;
  const double height = 34 + k_row * static_cast<double>(n);
  const std::string description = fmt::format(
      "Required{} count per stage, {} stages, each row scaled to its largest figure; "
      "capacities as red ticks; bottleneck: {}.",
      projected ? " (blue) against projected (purple)" : "", n,
      s.stages[plan.bottleneck.stage].name);
  {
    SvgWriter svg(out, width, height, "funnel-chart", "Funnel: required against projected",
                  description);
    svg.rect(k_label, 6, 10, 10, "key-required");
    svg.text(k_label + 14, 15, "required", "muted");
    if (projected) {
      svg.rect(k_label + 90, 6, 10, 10, "key-projected");
      svg.text(k_label + 104, 15, "projected", "muted");
    }
    svg.line(k_label + 190, 11, k_label + 190, 11, "capacity");
    svg.line(k_label + 190, 5, k_label + 190, 17, "capacity");
    svg.text(k_label + 196, 15, "capacity", "muted");
    for (std::size_t i = 0; i < n; ++i) {
      const double y = 28 + k_row * static_cast<double>(i);
      const double required = plan.stages[i].required;
      const double flow = projected ? plan.mix->projected[i] : 0.0;
      const std::optional<double> capacity = s.stages[i].capacity;
      const double top = std::max({required, flow, capacity.value_or(0.0), 1e-300});
      const bool bottleneck = i == plan.bottleneck.stage;
      svg.text(k_label - 8, y + 16, s.stages[i].name, bottleneck ? "bad" : "", "end");
      if (bottleneck) {
        svg.text(k_label - 8, y + 30, "bottleneck", "bad", "end");
      }
      const double h = projected ? 14 : 22;
      svg.rect(k_label, y + 4, std::max(1.0, k_bars * required / top), h, "required",
               fmt::format("{} required: {}", s.stages[i].name, format_count(required)));
      svg.text(k_label + k_bars + 6, y + 15, format_count(required), "");
      if (projected) {
        svg.rect(k_label, y + 20, std::max(1.0, k_bars * flow / top), h, "projected",
                 fmt::format("{} projected: {}", s.stages[i].name, format_hundredths(flow)));
        svg.text(k_label + k_bars + 6, y + 31, format_hundredths(flow), "muted");
      }
      if (capacity) {
        const double x = k_label + k_bars * *capacity / top;
        svg.line(x, y, x, y + 38, "capacity");
      }
    }
  }
  out +=
      "</figure>\n<table>\n<caption>Funnel figures</caption>\n<thead><tr><th "
      "scope=\"col\">Stage</th>"
      "<th scope=\"col\">Rate</th><th scope=\"col\">Required</th>";
  out += projected ? "<th scope=\"col\">Projected</th>" : "";
  out +=
      "<th scope=\"col\">Capacity</th><th scope=\"col\">Allowable cost</th>"
      "<th scope=\"col\">Note</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < n; ++i) {
    out += "<tr>";
    text_cell(out, s.stages[i].name);
    if (i == 0) {
      empty_cell(out);
    } else {
      number_cell(out, format_percent(s.stages[i].rate), s.stages[i].rate);
    }
    number_cell(out, format_count(plan.stages[i].required), plan.stages[i].required);
    if (projected) {
      number_cell(out, format_hundredths(plan.mix->projected[i]), plan.mix->projected[i]);
    }
    if (s.stages[i].capacity) {
      number_cell(out, format_count(*s.stages[i].capacity), *s.stages[i].capacity);
    } else {
      empty_cell(out);
    }
    if (plan.stages[i].allowable_cost) {
      number_cell(out, format_money(*plan.stages[i].allowable_cost, s.currency),
                  *plan.stages[i].allowable_cost);
    } else {
      empty_cell(out);
    }
    std::string note = stage_note(s, plan, i);
    if (i == plan.bottleneck.stage) {
      note = note.empty() ? "bottleneck" : "bottleneck; " + note;
    }
    text_cell(out, note, note.empty() ? "" : "fail");
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n</div>\n</section>\n";
}

// The channels drawn: the k_html_chart_channels with the largest spend (with a
// budget), else the first ones; ties keep the scenario's order.
std::vector<std::size_t> charted_channels(const Plan& plan) {
  std::vector<std::size_t> order(plan.channels.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const std::size_t shown = std::min(order.size(), k_html_chart_channels);
  const auto spend = [&plan](std::size_t c) { return plan.channels[c].spend.value_or(0.0); };
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown), order.end(),
                    [&](std::size_t a, std::size_t b) {
                      return spend(a) != spend(b) ? spend(a) > spend(b) : a < b;
                    });
  order.resize(shown);
  return order;
}

// Small multiples: one panel per stage after the first, one bar per channel (its
// cost per entry into that stage), the allowable cost as a dashed line.
void channels(std::string& out, const Scenario& s, const Plan& plan) {
  const std::size_t n = s.stages.size();
  const std::size_t count = plan.channels.size();
  const std::vector<std::size_t> shown = charted_channels(plan);
  out +=
      "<section aria-labelledby=\"channels-heading\">\n<h2 id=\"channels-heading\">Channels: cost "
      "per stage entry</h2>\n<div class=\"pair\">\n<figure>\n";
  constexpr double k_label = 140;
  constexpr double k_panel = 150;
  constexpr double k_gap = 20;
  constexpr double k_row = 18;
  const double panels = static_cast<double>(n - 1);
  const double width = k_label + panels * (k_panel + k_gap);
  const double height = 40 + k_row * static_cast<double>(shown.size()) + 24;
  const std::string more =
      count > shown.size()
          ? fmt::format("; the {} channels with the largest spend of {}, {} more in the table",
                        shown.size(), count, count - shown.size())
          : std::string();
  {
    SvgWriter svg(out, width, height, "channel-chart",
                  "Channels: cost per stage entry against the allowable cost",
                  fmt::format("One panel per stage after {}, one bar per channel{}; green within "
                              "the allowable cost (dashed line), red above it.",
                              s.stages[0].name, more));
    for (std::size_t i = 1; i < n; ++i) {
      const double x0 = k_label + static_cast<double>(i - 1) * (k_panel + k_gap);
      double top = plan.stages[i].allowable_cost.value_or(0.0);
      for (std::size_t c : shown) {
        top = std::max(top, plan.cost_per_stage_of(c)[i]);
      }
      top = std::max(top, 1e-300);
      svg.text(x0, 16, s.stages[i].name, "");
      svg.line(x0, 24, x0, height - 24, "axis");
      for (std::size_t r = 0; r < shown.size(); ++r) {
        const std::size_t c = shown[r];
        const double cost = plan.cost_per_stage_of(c)[i];
        const std::optional<double> allowable = plan.stages[i].allowable_cost;
        const bool over = allowable && cost > *allowable;
        const double y = 28 + k_row * static_cast<double>(r);
        svg.rect(x0, y, std::max(1.0, k_panel * cost / top), k_row - 5,
                 allowable ? (over ? "over" : "within") : "required",
                 fmt::format("{} per {}: {}", s.channels[c].name, s.stages[i].name,
                             format_money(cost, s.currency)));
      }
      if (plan.stages[i].allowable_cost) {
        const double x = x0 + k_panel * *plan.stages[i].allowable_cost / top;
        svg.line(x, 22, x, height - 20, "allowable");
        svg.text(x, height - 6, format_money(*plan.stages[i].allowable_cost, s.currency), "muted",
                 "middle");
      }
    }
    for (std::size_t r = 0; r < shown.size(); ++r) {
      svg.text(k_label - 8, 40 + k_row * static_cast<double>(r), s.channels[shown[r]].name, "",
               "end");
    }
    if (count > shown.size()) {
      svg.text(k_label - 8, height - 6, fmt::format("{} more in the table", count - shown.size()),
               "muted", "end");
    }
  }
  out +=
      "</figure>\n<div class=\"table-scroll\">\n<table>\n<caption>Cost per stage entry, by "
      "channel</caption>\n<thead><tr><th scope=\"col\">Channel</th>";
  for (std::size_t i = 0; i < n; ++i) {
    out += fmt::format("<th scope=\"col\">{}</th>", html_escape(s.stages[i].name));
  }
  const bool mix = plan.mix && plan.mix->spend;
  out += mix ? "<th scope=\"col\">Spend</th><th scope=\"col\">Leads</th><th "
               "scope=\"col\">Wins</th>"
             : "";
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t c = 0; c < count; ++c) {
    out += "<tr>";
    text_cell(out, s.channels[c].name);
    const std::span<const double> costs = plan.cost_per_stage_of(c);
    for (std::size_t i = 0; i < n; ++i) {
      number_cell(out, format_money(costs[i], s.currency), costs[i]);
    }
    if (mix) {
      const ChannelPlan& ch = plan.channels[c];
      const std::array<std::optional<double>, 3> figures = {ch.spend, ch.leads, ch.wins};
      for (std::size_t k = 0; k < figures.size(); ++k) {
        if (figures[k]) {
          number_cell(
              out, k == 0 ? format_money(*figures[k], s.currency) : format_hundredths(*figures[k]),
              *figures[k]);
        } else {
          empty_cell(out);
        }
      }
    }
    out += "</tr>\n";
  }
  if (plan.allowable_cpl) {
    out += "<tr><th scope=\"row\">allowable</th>";
    for (std::size_t i = 0; i < n; ++i) {
      number_cell(out, format_money(*plan.stages[i].allowable_cost, s.currency),
                  *plan.stages[i].allowable_cost);
    }
    out += mix ? "<td></td><td></td><td></td>" : "";
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n</div>\n</div>\n</section>\n";
}

void checks_section(std::string& out, const Scenario& s, const Plan& plan,
                    const std::vector<CheckResult>& checks) {
  out +=
      "<section aria-labelledby=\"checks-heading\">\n<h2 id=\"checks-heading\">Checks</h2>\n"
      "<table>\n<caption>Checks</caption>\n<thead><tr><th scope=\"col\">Check</th><th "
      "scope=\"col\">Result</th><th scope=\"col\">Actual</th><th scope=\"col\">Limit</th><th "
      "scope=\"col\">Detail</th></tr></thead>\n<tbody>\n";
  for (const CheckResult& c : checks) {
    out += "<tr>";
    text_cell(out, c.name);
    text_cell(out, c.passed ? "pass" : "FAIL", c.passed ? "pass" : "fail");
    const std::array<std::optional<double>, 2> figures = {c.actual, c.limit};
    const std::array<std::optional<bool>, 2> flags = {c.actual_flag, c.limit_flag};
    for (std::size_t k = 0; k < figures.size(); ++k) {
      if (c.is_flag) {
        text_cell(out, flags[k] ? (*flags[k] ? "true" : "false") : "");
      } else if (figures[k]) {
        number_cell(out, format_exact(*figures[k]), *figures[k]);
      } else {
        empty_cell(out);
      }
    }
    text_cell(out, check_detail(s, plan, c));
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n</section>\n";
}

void write_out(std::ostream& out, const std::string& text) {
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
          out += "\xEF\xBF\xBD";
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

void write_html(std::ostream& out, const Scenario& scenario, const Plan& plan,
                const std::vector<CheckResult>* checks) {
  std::string text;
  page_start(text, page_title(scenario), subtitle(scenario, plan));
  summary(text, scenario, plan);
  if (checks) {
    checks_section(text, scenario, plan, *checks);
  }
  funnel(text, scenario, plan);
  if (!scenario.channels.empty()) {
    channels(text, scenario, plan);
  }
  page_end(text);
  write_out(out, text);
}

namespace {

std::string figure_text(std::optional<double> value, FigureUnit unit, const std::string& currency) {
  if (!value) {
    return {};
  }
  switch (unit) {
    case FigureUnit::money:
      return format_money(*value, currency);
    case FigureUnit::ratio:
      return format_percent(*value);
    case FigureUnit::count:
      break;
  }
  return format_count(*value);
}

void figure_cell(std::string& out, std::optional<double> value, FigureUnit unit,
                 const std::string& currency) {
  if (value) {
    number_cell(out, figure_text(value, unit, currency), *value);
  } else {
    empty_cell(out);
  }
}

}  // namespace

void write_diff_html(std::ostream& out, const PlanDiff& diff, const std::string& base,
                     const std::string& head) {
  std::string text;
  page_start(text, "leadplan diff", one_line(base) + " -> " + one_line(head));
  // The chart: the figures with a change in percent, the largest changes first
  // when there are more than k_html_diff_figures (ties: the diff's order).
  std::vector<std::size_t> shown;
  for (std::size_t i = 0; i < diff.figures.size(); ++i) {
    if (diff.figures[i].change_percent) {
      shown.push_back(i);
    }
  }
  const std::size_t with_percent = shown.size();
  if (shown.size() > k_html_diff_figures) {
    const auto size = [&diff](std::size_t i) { return std::fabs(*diff.figures[i].change_percent); };
    std::stable_sort(shown.begin(), shown.end(),
                     [&](std::size_t a, std::size_t b) { return size(a) > size(b); });
    shown.resize(k_html_diff_figures);
    std::sort(shown.begin(), shown.end());
  }
  double top = 1e-300;
  for (std::size_t i : shown) {
    top = std::max(top, std::fabs(*diff.figures[i].change_percent));
  }
  text +=
      "<section aria-labelledby=\"diff-heading\">\n<h2 id=\"diff-heading\">Change</h2>\n"
      "<div class=\"pair\">\n<figure>\n";
  {
    constexpr double k_label = 200;
    constexpr double k_half = 200;
    constexpr double k_row = 18;
    const double height = 20 + k_row * static_cast<double>(shown.size()) + 10;
    SvgWriter svg(
        text, k_label + 2 * k_half + 80, height, "diff-chart", "Change of each figure, in percent",
        fmt::format("One bar per figure: to the right an increase, to the left a decrease, "
                    "scaled to the largest change ({}%){}.",
                    format_exact(top),
                    with_percent > shown.size()
                        ? fmt::format("; the {} largest of {} changes, the rest in the table",
                                      shown.size(), with_percent)
                        : std::string()));
    const double zero = k_label + k_half;
    svg.line(zero, 10, zero, height - 6, "axis");
    for (std::size_t r = 0; r < shown.size(); ++r) {
      const FigureChange& f = diff.figures[shown[r]];
      const double y = 14 + k_row * static_cast<double>(r);
      const double width = std::max(1.0, k_half * std::fabs(*f.change_percent) / top);
      const bool up = *f.change_percent >= 0;
      svg.text(k_label - 8, y + 11, f.name, "", "end");
      svg.rect(up ? zero : zero - width, y, width, k_row - 5, up ? "required" : "projected",
               fmt::format("{}: {}%", f.name, format_exact(*f.change_percent)));
      svg.text(up ? zero + width + 4 : zero - width - 4, y + 11,
               fmt::format("{}%", format_fixed(*f.change_percent, 1)), "muted",
               up ? "start" : "end");
    }
  }
  text +=
      "</figure>\n<div class=\"table-scroll\">\n<table>\n<caption>Every figure</caption>\n"
      "<thead><tr><th scope=\"col\">Figure</th><th scope=\"col\">Base</th><th "
      "scope=\"col\">Head</th><th scope=\"col\">Change</th><th scope=\"col\">Change "
      "%</th></tr></thead>\n<tbody>\n";
  for (const FigureChange& f : diff.figures) {
    text += "<tr>";
    text_cell(text, f.name);
    figure_cell(text, f.before, f.unit, diff.base_currency);
    figure_cell(text, f.after, f.unit, diff.head_currency);
    figure_cell(text, f.change, f.unit, diff.head_currency);
    if (f.change_percent) {
      number_cell(text, format_fixed(*f.change_percent, 2) + "%", *f.change_percent);
    } else {
      empty_cell(text);
    }
    text += "</tr>\n";
  }
  text += "</tbody>\n</table>\n</div>\n</div>\n<p>Bottleneck: ";
  text += html_escape(diff.bottleneck_before);
  text += diff.bottleneck_before == diff.bottleneck_after
              ? std::string(" (unchanged)")
              : " -&gt; " + html_escape(diff.bottleneck_after);
  text += "</p>\n</section>\n";
  page_end(text);
  write_out(out, text);
}

HtmlSweepWriter::HtmlSweepWriter(std::ostream& out, const Scenario& scenario,
                                 std::vector<SweepAxis> axes, std::vector<std::uint64_t> counts)
    : m_out(out),
      m_scenario(scenario),
      m_axes(std::move(axes)),
      m_counts(std::move(counts)),
      m_wins(scenario.budget.has_value() && !scenario.channels.empty()) {
  const std::uint64_t cap = m_axes.size() == 1 ? k_html_line_points : k_html_heat_cells;
  for (std::uint64_t count : m_counts) {
    m_strides.push_back(count <= cap ? 1 : (count + cap - 1) / cap);
  }
}

HtmlSweepWriter::~HtmlSweepWriter() {
  // Never throws: what is buffered is written as far as it goes.
  if (!m_buffer.empty()) {
    m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
  }
}

void HtmlSweepWriter::flush() {
  write_out(m_out, m_buffer);
  m_buffer.clear();
  if (!m_out) {
    throw FatalError("cannot write the report: the output was closed or is full");
  }
}

void HtmlSweepWriter::header() {
  std::string paths;
  for (const SweepAxis& axis : m_axes) {
    paths += paths.empty() ? "" : ", ";
    paths += axis.path;
  }
  page_start(m_buffer, page_title(m_scenario) + ": sweep", "Varied: " + paths);
  m_buffer +=
      "<section aria-labelledby=\"points-heading\">\n<h2 id=\"points-heading\">Points</h2>\n"
      "<div class=\"table-scroll\">\n<table>\n<caption>Every point of the grid</caption>\n"
      "<thead><tr>";
  for (const SweepAxis& axis : m_axes) {
    m_buffer += fmt::format("<th scope=\"col\">{}</th>", html_escape(axis.path));
  }
  m_buffer +=
      "<th scope=\"col\">Required leads</th><th scope=\"col\">Projected wins</th>"
      "<th scope=\"col\">Budget needed</th><th scope=\"col\">Feasible</th>"
      "<th scope=\"col\">Error</th></tr></thead>\n<tbody>\n";
}

bool HtmlSweepWriter::drawn(std::uint64_t point) const {
  if (m_axes.size() > 2) {
    return false;
  }
  // The point's index on each axis, the last axis innermost.
  for (std::size_t a = m_axes.size(); a-- > 0;) {
    const std::uint64_t index = point % m_counts[a];
    point /= m_counts[a];
    if (index % m_strides[a] != 0) {
      return false;
    }
  }
  return true;
}

void HtmlSweepWriter::add_row(std::span<const double> values, const Plan* plan,
                              std::string_view error) {
  m_buffer += "<tr>";
  for (std::size_t a = 0; a < values.size(); ++a) {
    const SweepAxis& axis = m_axes[a];
    number_cell(m_buffer,
                axis.percent ? format_percent(values[a])
                : axis.money ? format_money(values[a], m_scenario.currency)
                             : format_count(values[a]),
                values[a]);
  }
  std::optional<double> figure;
  if (plan) {
    const Mix* mix = plan->mix ? &*plan->mix : nullptr;
    number_cell(m_buffer, format_count(plan->stages[0].required), plan->stages[0].required);
    if (mix && mix->projected_wins) {
      number_cell(m_buffer, format_hundredths(*mix->projected_wins), *mix->projected_wins);
    } else {
      empty_cell(m_buffer);
    }
    if (mix && mix->budget_needed) {
      number_cell(m_buffer, format_money(*mix->budget_needed, m_scenario.currency),
                  *mix->budget_needed);
    } else {
      empty_cell(m_buffer);
    }
    text_cell(m_buffer, mix && mix->feasible ? (*mix->feasible ? "yes" : "no") : "");
    empty_cell(m_buffer);
    figure = m_wins ? (mix ? mix->projected_wins : std::nullopt)
                    : std::optional<double>(plan->stages[0].required);
  } else {
    m_buffer += "<td></td><td></td><td></td><td></td>";
    text_cell(m_buffer, error, "fail");
  }
  m_buffer += "</tr>\n";
  if (drawn(m_point)) {
    m_marks.push_back(Mark{std::vector<double>(values.begin(), values.end()), figure});
  }
  ++m_point;
  if (m_buffer.size() >= k_flush_bytes) {
    flush();
  }
}

void HtmlSweepWriter::row(std::span<const double> values, const Plan& plan) {
  add_row(values, &plan, {});
}

void HtmlSweepWriter::row(std::span<const double> values, std::string_view error) {
  add_row(values, nullptr, error);
}

void HtmlSweepWriter::footer() {
  m_buffer += "</tbody>\n</table>\n</div>\n</section>\n";
  // The chart comes after the streamed table in the document and is shown
  // first (CSS order), so the table never waits in memory for the chart.
  const std::string figure_name = m_wins ? "projected wins" : "required leads";
  m_buffer +=
      "<section class=\"chart-first\" aria-labelledby=\"chart-heading\">\n<h2 "
      "id=\"chart-heading\">Chart</h2>\n<figure>\n";
  double low = 0;
  double high = 0;
  bool any = false;
  for (const Mark& mark : m_marks) {
    if (mark.figure) {
      low = any ? std::min(low, *mark.figure) : *mark.figure;
      high = any ? std::max(high, *mark.figure) : *mark.figure;
      any = true;
    }
  }
  const std::uint64_t total = m_point;
  const std::string sampled =
      m_marks.size() < total
          ? fmt::format(" ({} of the {} points drawn, at even steps)", m_marks.size(), total)
          : std::string();
  if (m_axes.size() == 1) {
    constexpr double k_left = 70;
    constexpr double k_plot_w = 560;
    constexpr double k_plot_h = 260;
    constexpr double k_top = 20;
    const double x_low = m_marks.empty() ? 0 : m_marks.front().values[0];
    const double x_high = m_marks.empty() ? 1 : m_marks.back().values[0];
    const double x_span = x_high != x_low ? x_high - x_low : 1;
    const double y_span = high != low ? high - low : 1;
    SvgWriter svg(m_buffer, k_left + k_plot_w + 30, k_top + k_plot_h + 50, "sweep-chart",
                  fmt::format("Sweep: {} against {}", figure_name, m_axes[0].path),
                  fmt::format("A line of {} as {} goes from {} to {}{}; the table lists every "
                              "point.",
                              figure_name, m_axes[0].path, format_exact(x_low),
                              format_exact(x_high), sampled));
    svg.line(k_left, k_top, k_left, k_top + k_plot_h, "axis");
    svg.line(k_left, k_top + k_plot_h, k_left + k_plot_w, k_top + k_plot_h, "axis");
    svg.text(k_left - 6, k_top + 4, any ? format_hundredths(high) : "", "muted", "end");
    svg.text(k_left - 6, k_top + k_plot_h, any ? format_hundredths(low) : "", "muted", "end");
    svg.text(k_left, k_top + k_plot_h + 18, format_exact(x_low), "muted", "middle");
    svg.text(k_left + k_plot_w, k_top + k_plot_h + 18, format_exact(x_high), "muted", "middle");
    svg.text(k_left + k_plot_w / 2, k_top + k_plot_h + 38, m_axes[0].path, "", "middle");
    // Invalid points break the line into pieces.
    std::vector<std::pair<double, double>> piece;
    const auto draw = [&]() {
      if (!piece.empty()) {
        svg.polyline(piece, "trend");
        piece.clear();
      }
    };
    for (const Mark& mark : m_marks) {
      if (!mark.figure) {
        draw();
        continue;
      }
      piece.emplace_back(k_left + k_plot_w * (mark.values[0] - x_low) / x_span,
                         k_top + k_plot_h - k_plot_h * (*mark.figure - low) / y_span);
    }
    draw();
  } else if (m_axes.size() == 2) {
    const std::uint64_t columns = (m_counts[1] + m_strides[1] - 1) / m_strides[1];
    const std::uint64_t rows = (m_counts[0] + m_strides[0] - 1) / m_strides[0];
    constexpr double k_left = 90;
    constexpr double k_top = 20;
    const double cell_w = std::max(2.0, 560.0 / static_cast<double>(columns));
    const double cell_h = std::max(2.0, 300.0 / static_cast<double>(rows));
    const double plot_w = cell_w * static_cast<double>(columns);
    const double plot_h = cell_h * static_cast<double>(rows);
    SvgWriter svg(
        m_buffer, k_left + plot_w + 30, k_top + plot_h + 50, "sweep-chart",
        fmt::format("Sweep: {} over {} and {}", figure_name, m_axes[0].path, m_axes[1].path),
        fmt::format("A heat map of {}: {} down, {} across; darker is more, from {} to "
                    "{}; blank cells are invalid points{}.",
                    figure_name, m_axes[0].path, m_axes[1].path, any ? format_hundredths(low) : "-",
                    any ? format_hundredths(high) : "-", sampled));
    const double span = high != low ? high - low : 1;
    for (std::size_t k = 0; k < m_marks.size(); ++k) {
      const Mark& mark = m_marks[k];
      if (!mark.figure) {
        continue;
      }
      const double share = (*mark.figure - low) / span;
      // Ten steps of the colour ramp, as classes: the CSS mixes them per scheme.
      const auto step = static_cast<int>(std::min(9.0, share * 10));
      svg.rect(k_left + cell_w * static_cast<double>(k % columns),
               k_top + cell_h * static_cast<double>(k / columns), cell_w, cell_h,
               fmt::format("heat{}", step),
               fmt::format("{} = {}, {} = {}: {}", m_axes[0].path, format_exact(mark.values[0]),
                           m_axes[1].path, format_exact(mark.values[1]),
                           format_hundredths(*mark.figure)));
    }
    svg.text(k_left - 6, k_top + 10, format_exact(m_marks.empty() ? 0 : m_marks.front().values[0]),
             "muted", "end");
    svg.text(k_left - 6, k_top + plot_h,
             format_exact(m_marks.empty() ? 0 : m_marks.back().values[0]), "muted", "end");
    svg.text(k_left, k_top + plot_h + 18,
             format_exact(m_marks.empty() ? 0 : m_marks.front().values[1]), "muted", "start");
    svg.text(k_left + plot_w, k_top + plot_h + 18,
             format_exact(m_marks.empty() ? 0 : m_marks.back().values[1]), "muted", "end");
    svg.text(k_left + plot_w / 2, k_top + plot_h + 38, m_axes[1].path, "", "middle");
  } else {
    m_buffer += "<p>No chart for more than two axes: the table lists every point.</p>\n";
  }
  m_buffer += "</figure>\n</section>\n";
  page_end(m_buffer);
}

}  // namespace leadplan
