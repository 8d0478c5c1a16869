#include "leadplan/report/diff_report.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "leadplan/report/format.hpp"
#include "leadplan/report/json_writer.hpp"
#include "leadplan/report/report.hpp"
#include "leadplan/report/text_table.hpp"

namespace leadplan {

namespace {

struct DiffCurrencies {
  const std::string& base;
  const std::string& head;
};

std::string value_text(const std::optional<double>& v, FigureUnit unit,
                       const std::string& currency) {
  if (!v) {
    return "-";
  }
  switch (unit) {
    case FigureUnit::money:
      return format_money(*v, currency);
    case FigureUnit::ratio:
      return format_coverage(*v, false);  // rounded down, as calc shows coverage
    case FigureUnit::count:
      return format_hundredths(*v);
  }
  return "-";
}

// The number a figure's text shows: "$1,234.50" -> 1234.5, "66.13%" -> 66.13.
double shown_number(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == '+') {
      digits.push_back(c);
    }
  }
  double value = 0.0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

// The change as shown: the difference of the two values as printed, so that
// "44.77% -> 53.98%" reads "+9.21 pp", never the "+9.22 pp" of the exact values.
std::string change_text(const FigureChange& f, const DiffCurrencies& currencies) {
  if (!f.change) {
    return "-";
  }
  if (*f.change == 0.0) {
    return "0";
  }
  const std::string before = value_text(f.before, f.unit, currencies.base);
  const std::string after = value_text(f.after, f.unit, currencies.head);
  // Differences of two-decimal figures, rounded to hundredths against binary noise.
  const double change = std::round((shown_number(after) - shown_number(before)) * 100.0) / 100.0;
  if (change == 0.0) {
    return "0";
  }
  std::string magnitude;
  switch (f.unit) {
    case FigureUnit::money:
      magnitude = format_money(std::fabs(change), currencies.head);
      break;
    case FigureUnit::ratio:  // percentage points of two percentages
      magnitude = format_hundredths(std::fabs(change)) + " pp";
      break;
    case FigureUnit::count:
      magnitude = format_hundredths(std::fabs(change));
      break;
  }
  return (change > 0.0 ? "+" : "-") + magnitude;
}

std::string percent_text(const FigureChange& f) {
  if (!f.change_percent) {
    return "-";
  }
  // 1e15% and more in short scientific form, as calc prints percentages.
  const double magnitude = std::fabs(*f.change_percent);
  const std::string text =
      magnitude >= 1e15 ? fmt::format("{:.3g}%", magnitude) : fmt::format("{:.2f}%", magnitude);
  if (text == "0.00%") {
    return "0%";
  }
  return (*f.change_percent > 0.0 ? "+" : "-") + text;
}

// The figure's name in words: "Required leads", "Cost per mql, webinars".
std::string label(const FigureChange& f, const std::string& first_step) {
  const std::size_t dot = f.name.find('.');
  const std::string kind = f.name.substr(0, dot);
  const std::string item = dot == std::string::npos ? std::string() : f.name.substr(dot + 1);
  if (kind == "required") {
    // A stage name as a plural count: "leads", "meetings"; "won" counts wins.
    if (item == "won") {
      return "Required wins";
    }
    return "Required " + item + (!item.empty() && item.back() == 's' ? "" : "s");
  }
  if (kind == "effective_cpl") {
    return "Cost per " + first_step + ", " + item;
  }
  static const std::pair<const char*, const char*> k_words[] = {
      {"wins", "Target wins"},
      {"budget", "Budget"},
      {"allowable_cpl", "Allowable CPL"},
      {"blended_cpl", "Blended CPL"},
      {"blended_effective_cpl", "Blended effective CPL"},
      {"coverage", "Coverage"},
      {"projected_wins", "Projected wins"},
      {"budget_needed", "Budget needed"},
  };
  for (const auto& [key, words] : k_words) {
    if (f.name == key) {
      return words;
    }
  }
  return f.name;
}

// The table's name of a figure, as before: its key with a space for the dot.
std::string key_label(const FigureChange& f) {
  std::string name = f.name;
  const std::size_t dot = name.find('.');
  if (dot != std::string::npos) {
    name[dot] = ' ';
  }
  return name;
}

// The four cells of a figure: before, after, change, change %.
struct FigureCells {
  std::string before;
  std::string after;
  std::string change;
  std::string percent;
};

FigureCells cells(const FigureChange& f, const PlanDiff& d) {
  return FigureCells{
      value_text(f.before, f.unit, d.base_currency), value_text(f.after, f.unit, d.head_currency),
      change_text(f, DiffCurrencies{d.base_currency, d.head_currency}), percent_text(f)};
}

// Whether a figure changed as shown: its two values print differently.
bool shown_changed(const FigureCells& c) {
  return c.before != c.after;
}

// +1 when the change shown is better for the planner, -1 when worse, 0 otherwise.
int direction(const FigureChange& f, const FigureCells& c) {
  if (f.better == Better::neither || c.change.empty() ||
      (c.change[0] != '+' && c.change[0] != '-')) {
    return 0;
  }
  const bool up = c.change[0] == '+';
  return up == (f.better == Better::higher) ? 1 : -1;
}

// ---- inputs ----

std::string input_value(const InputChange& c, const std::optional<double>& v,
                        const std::string& text, const std::string& currency) {
  switch (c.unit) {
    case InputUnit::text:
      return text.empty() ? std::string("none") : "`" + text + "`";
    case InputUnit::flag:
      return v ? (*v != 0.0 ? "true" : "false") : "none";
    case InputUnit::money:
      return v ? format_money(*v, currency) : "none";
    case InputUnit::rate:
      return v ? format_percent(*v) : "none";
    case InputUnit::count:
      return v ? format_count(*v) : "none";
  }
  return "none";
}

// `path` split at its first `parts` dots: "channels.web.ads.cpl" -> {channels, web.ads, cpl}
// would be ambiguous, so the last part is taken from the end.
struct PathParts {
  std::string section;  // "funnel", "channels", "target", "checks", or the key
  std::string item;     // the stage or channel name
  std::string key;      // "rate", "cpl", "rates.mql", ...; empty for the item itself
};

PathParts split_path(const InputChange& c, const std::string& section) {
  PathParts p{section, c.path.substr(section.size() + 1), {}};
  if (c.kind != InputKind::changed) {
    return p;
  }
  // The key is the last part, or `rates.STAGE` for a channel's own rate.
  static const char* const k_keys[] = {".rate",  ".benchmark", ".capacity",  ".cpl_tiers", ".cpl",
                                       ".share", ".max_leads", ".min_spend", ".max_spend"};
  for (const char* key : k_keys) {
    const std::string k(key);
    if (p.item.size() > k.size() && p.item.compare(p.item.size() - k.size(), k.size(), k) == 0) {
      p.key = k.substr(1);
      p.item.resize(p.item.size() - k.size());
      return p;
    }
  }
  // channels.NAME.rates.STAGE: the stage follows the last ".rates."
  const std::size_t rates = p.item.rfind(".rates.");
  if (rates != std::string::npos) {
    p.key = "rate into `" + p.item.substr(rates + 7) + "`";
    p.item.resize(rates);
  }
  return p;
}

bool starts_with(const std::string& text, const char* prefix) {
  return text.rfind(prefix, 0) == 0;
}

// The words before the values: "`mql` rate", "channel `events`", "budget".
std::string input_subject(const InputChange& c) {
  static const std::pair<const char*, const char*> k_channel_words[] = {
      {"cpl", "CPL"},
      {"cpl_tiers", "CPL tiers"},
      {"share", "share"},
      {"max_leads", "lead cap"},
      {"min_spend", "minimum spend"},
      {"max_spend", "maximum spend"},
  };
  if (starts_with(c.path, "funnel.")) {
    const PathParts p = split_path(c, "funnel");
    return p.key.empty() ? "stage `" + p.item + "`" : "`" + p.item + "` " + p.key;
  }
  if (starts_with(c.path, "channels.")) {
    const PathParts p = split_path(c, "channels");
    std::string words = p.key;
    for (const auto& [key, text] : k_channel_words) {
      if (p.key == key) {
        words = text;
      }
    }
    return "channel `" + p.item + "`" + (words.empty() ? "" : " " + words);
  }
  if (starts_with(c.path, "checks.")) {
    return "limit `" + c.path.substr(7) + "`";
  }
  if (starts_with(c.path, "target.")) {
    std::string key = c.path.substr(7);
    for (char& ch : key) {
      ch = ch == '_' ? ' ' : ch;
    }
    return "target " + key;
  }
  return c.path;
}

// One changed input in words: "`mql` rate 20% -> 25%", "channel `events` added (CPL $120.00)".
std::string input_text(const InputChange& c, const PlanDiff& d, const std::string& arrow) {
  const std::string subject = input_subject(c);
  const bool stage = starts_with(c.path, "funnel.");
  switch (c.kind) {
    case InputKind::added:
      return fmt::format("{} added ({} {})", subject, stage ? "rate" : "CPL",
                         input_value(c, c.after, {}, d.head_currency));
    case InputKind::removed:
      return fmt::format("{} removed ({} {})", subject, stage ? "rate" : "CPL",
                         input_value(c, c.before, {}, d.base_currency));
    case InputKind::changed:
      break;
  }
  if (c.unit == InputUnit::text && c.path.size() > 10 &&
      c.path.compare(c.path.size() - 10, 10, ".cpl_tiers") == 0) {
    return subject + " changed";
  }
  // A channel's own rate that is not set follows the funnel's.
  const bool own_rate = c.path.find(".rates.") != std::string::npos;
  const auto value = [&](const std::optional<double>& v, const std::string& text,
                         const std::string& currency) {
    return own_rate && !v ? std::string("the funnel's") : input_value(c, v, text, currency);
  };
  return fmt::format("{} {} {} {}", subject, value(c.before, c.before_text, d.base_currency), arrow,
                     value(c.after, c.after_text, d.head_currency));
}

// ---- checks ----

std::string verdict(const std::optional<CheckResult>& c) {
  return c ? (c->passed ? "pass" : "FAIL") : "not checked";
}

// The check's sentence: HEAD's, with BASE's when it read differently.
std::string check_sentence(const CheckChange& c, const DiffReport& r) {
  const std::string before =
      c.before ? one_line(check_detail(r.base.scenario, r.base.plan, *c.before)) : std::string();
  const std::string after =
      c.after ? one_line(check_detail(r.head.scenario, r.head.plan, *c.after)) : std::string();
  if (after.empty()) {
    return before;
  }
  if (before.empty() || before == after) {
    return after;
  }
  return fmt::format("{} (was: {})", after, before);
}

std::size_t failed(const PlanDiff& d, bool head) {
  std::size_t n = 0;
  for (const CheckChange& c : d.checks) {
    const std::optional<CheckResult>& side = head ? c.after : c.before;
    n += side && !side->passed ? 1U : 0U;
  }
  return n;
}

std::size_t checked(const PlanDiff& d, bool head) {
  std::size_t n = 0;
  for (const CheckChange& c : d.checks) {
    n += (head ? c.after : c.before) ? 1U : 0U;
  }
  return n;
}

std::string checks_summary(const PlanDiff& d, bool head) {
  const std::size_t n = checked(d, head);
  if (n == 0) {
    return "none apply";
  }
  const std::size_t bad = failed(d, head);
  return bad == 0 ? fmt::format("all {} passed", n) : fmt::format("{} of {} failed", bad, n);
}

std::string sets_text(const std::vector<std::string>& sets, bool markdown) {
  std::string text;
  for (const std::string& s : sets) {
    if (!text.empty()) {
      text += ' ';
    }
    text += markdown ? fmt::format("`--set {}`", markdown_cell(s)) : fmt::format("--set {}", s);
  }
  return text;
}

}  // namespace

void write_diff_table(std::ostream& out, const DiffReport& r) {
  const PlanDiff& d = r.diff;
  const std::string red = r.color ? "\x1b[31m" : "";
  const std::string green = r.color ? "\x1b[32m" : "";
  const std::string bold = r.color ? "\x1b[1m" : "";
  const std::string reset = r.color ? "\x1b[0m" : "";
  TextTable table({"Figure", "Base", "Head", "Change", "Change %"},
                  {Align::left, Align::right, Align::right, Align::right, Align::right});
  for (const FigureChange& f : d.figures) {
    FigureCells c = cells(f, d);
    if (const int dir = direction(f, c); dir != 0) {
      const std::string& on = dir > 0 ? green : red;
      c.change = on + c.change + reset;
      c.percent = on + c.percent + reset;
    }
    table.add_row({key_label(f), std::move(c.before), std::move(c.after), std::move(c.change),
                   std::move(c.percent)});
  }
  std::string text = fmt::format("Base: {}\nHead: {}{}\n\n", r.base.file, r.head.file,
                                 r.sets.empty() ? "" : " with " + sets_text(r.sets, false));
  text += table.render(bold, reset);
  text += fmt::format("\nBottleneck: {}{}\n", one_line(d.bottleneck_before),
                      d.bottleneck_before == d.bottleneck_after
                          ? std::string(" (unchanged)")
                          : " -> " + one_line(d.bottleneck_after));
  text += "\n" + bold + "Inputs" + reset + "\n";
  if (d.inputs.empty()) {
    text += "  none changed\n";
  }
  for (const InputChange& c : d.inputs) {
    text += "  " + one_line(input_text(c, d, "->")) + "\n";
  }
  text += fmt::format("\n{}Checks{}: {} -> {}\n", bold, reset, checks_summary(d, false),
                      checks_summary(d, true));
  const auto coloured = [&](const std::optional<CheckResult>& c) {
    return c ? (c->passed ? green : red) + verdict(c) + reset : verdict(c);
  };
  for (const CheckChange& c : d.checks) {
    text += fmt::format("  {}: {} -> {}  {}\n", c.name, coloured(c.before), coloured(c.after),
                        check_sentence(c, r));
  }
  out << text;
}

void write_diff_json(std::ostream& out, const DiffReport& r) {
  const PlanDiff& d = r.diff;
  JsonWriter json(out);
  json.begin_object();
  json.field("contract", 2.0);
  json.field("base", std::string_view(r.base.file));
  json.field("head", std::string_view(r.head.file));
  json.key("sets");
  json.begin_array();
  for (const std::string& s : r.sets) {
    json.value(std::string_view(s));
  }
  json.end_array();
  json.key("inputs");
  json.begin_array();
  const auto input_value_json = [&json](const InputChange& c, const std::optional<double>& v,
                                        const std::string& text) {
    if (c.unit == InputUnit::text) {
      json.value(std::string_view(text));
    } else if (c.unit == InputUnit::flag && v) {
      json.value(*v != 0.0);
    } else {
      json.value(v);
    }
  };
  for (const InputChange& c : d.inputs) {
    json.begin_object();
    json.field("path", std::string_view(c.path));
    json.field("change", c.kind == InputKind::added     ? "added"
                         : c.kind == InputKind::removed ? "removed"
                                                        : "changed");
    json.key("before");
    input_value_json(c, c.before, c.before_text);
    json.key("after");
    input_value_json(c, c.after, c.after_text);
    json.end_object();
  }
  json.end_array();
  json.key("figures");
  json.begin_array();
  for (const FigureChange& f : d.figures) {
    json.begin_object();
    json.field("name", std::string_view(f.name));
    json.field("before", f.before);
    json.field("after", f.after);
    json.field("change", f.change);
    json.field("change_percent", f.change_percent);
    json.end_object();
  }
  json.end_array();
  json.key("bottleneck");
  json.begin_object();
  json.field("before", std::string_view(d.bottleneck_before));
  json.field("after", std::string_view(d.bottleneck_after));
  json.field("changed", d.bottleneck_before != d.bottleneck_after);
  json.end_object();
  json.key("checks");
  json.begin_array();
  const auto passed = [](const std::optional<CheckResult>& c) {
    return c ? std::optional<bool>(c->passed) : std::nullopt;
  };
  for (const CheckChange& c : d.checks) {
    json.begin_object();
    json.field("name", std::string_view(c.name));
    json.field("before", passed(c.before));
    json.field("after", passed(c.after));
    json.field("changed", passed(c.before) != passed(c.after));
    // The sentence of `check` on each side, null where the check does not apply.
    const auto detail = [&json](const char* key, const DiffSide& side,
                                const std::optional<CheckResult>& check) {
      json.key(key);
      if (check) {
        json.value(std::string_view(check_detail(side.scenario, side.plan, *check)));
      } else {
        json.null();
      }
    };
    detail("detail_before", r.base, c.before);
    detail("detail_after", r.head, c.after);
    json.end_object();
  }
  json.end_array();
  json.end_object();
}

void write_diff_csv(std::ostream& out, const DiffReport& r) {
  const PlanDiff& d = r.diff;
  auto number = [](const std::optional<double>& v) { return v ? format_exact(*v) : std::string(); };
  std::string text = "figure,before,after,change,change_percent\n";
  for (const FigureChange& f : d.figures) {
    text += fmt::format("{},{},{},{},{}\n", csv_field(f.name), number(f.before), number(f.after),
                        number(f.change), number(f.change_percent));
  }
  text += fmt::format("bottleneck,{},{},,\n", csv_field(d.bottleneck_before),
                      csv_field(d.bottleneck_after));
  out << text;
}

void write_diff_markdown(std::ostream& out, const DiffReport& r) {
  const PlanDiff& d = r.diff;
  std::string text = fmt::format("### leadplan diff: `{}` → `{}`\n\n", markdown_cell(r.base.file),
                                 markdown_cell(r.head.file));
  if (!r.sets.empty()) {
    text += fmt::format("Head with {}.\n\n", sets_text(r.sets, true));
  }
  text += "#### Inputs\n\n";
  if (d.inputs.empty()) {
    text += "No input changed.\n";
  }
  for (const InputChange& c : d.inputs) {
    text += "- " + markdown_cell(input_text(c, d, "→")) + "\n";
  }
  std::string rows;
  std::size_t changed = 0;
  for (const FigureChange& f : d.figures) {
    // The same value in the same currency prints the same: no need to format it.
    if (!r.all && f.before == f.after &&
        (f.unit != FigureUnit::money || d.base_currency == d.head_currency)) {
      continue;
    }
    const FigureCells c = cells(f, d);
    const bool moved = shown_changed(c);
    changed += moved ? 1U : 0U;
    if (!moved && !r.all) {
      continue;
    }
    const std::string name = markdown_cell(label(f, d.first_step));
    rows += fmt::format("| {} | {} | {} | {} | {} |\n", moved && r.all ? "**" + name + "**" : name,
                        c.before, c.after, c.change, c.percent);
  }
  text += r.all ? fmt::format("\n#### Figures ({} of {} changed)\n\n", changed, d.figures.size())
                : fmt::format("\n#### Figures that changed ({} of {}; `--all` shows every one)\n\n",
                              changed, d.figures.size());
  if (rows.empty()) {
    text += "No figure changed.\n";
  } else {
    text += "| Figure | Base | Head | Change | Change % |\n|:--|--:|--:|--:|--:|\n" + rows;
  }
  text += fmt::format("\n**Bottleneck:** {}{}\n", markdown_cell(d.bottleneck_before),
                      d.bottleneck_before == d.bottleneck_after
                          ? std::string(" (unchanged)")
                          : " → " + markdown_cell(d.bottleneck_after));
  text +=
      fmt::format("\n#### Checks: {} → {}\n\n", checks_summary(d, false), checks_summary(d, true));
  if (d.checks.empty()) {
    text += "No check applies to either plan.\n";
  }
  for (const CheckChange& c : d.checks) {
    const bool flipped = verdict(c.before) != verdict(c.after);
    const std::string line =
        fmt::format("{}: {} → {}", markdown_cell(c.name), verdict(c.before), verdict(c.after));
    text += fmt::format("- {}: {}\n", flipped ? "**" + line + "**" : line,
                        markdown_cell(check_sentence(c, r)));
  }
  out << text;
}

}  // namespace leadplan
