#include <fmt/format.h>

#include <span>

#include "leadplan/engine/sensitivity.hpp"
#include "leadplan/model/check.hpp"
#include "leadplan/report/format.hpp"
#include "leadplan/report/report.hpp"
#include "leadplan/report/timeline_report.hpp"

namespace leadplan {

namespace {

std::string number(const std::optional<double>& value) {
  return value ? format_exact(*value) : std::string();
}

std::string flag(const std::optional<bool>& value) {
  return value ? std::string(*value ? "true" : "false") : std::string();
}

}  // namespace

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') {
      out += "\"\"";
    } else {
      out.push_back(c);
    }
  }
  out += '"';
  return out;
}

namespace {

// The columns of the plan's CSV, in order: one header for every kind of row.
enum Column : std::size_t {
  kind,
  name,
  rate,
  benchmark,
  capacity,
  required,
  allowable_cost,
  projected,
  cpl,
  mql_rate,
  share,
  max_leads,
  effective_cpl,
  within_allowable,
  budget,
  leads,
  spend,
  cac,
  wins,
  revenue,
  roi,
  stage,
  yield,
  cost_per_stage,
  value,
  improved,
  required_leads,
  projected_wins,
  budget_needed,
  passed,
  actual,
  limit,
  detail,
  column_count
};
constexpr const char* k_headers[column_count] = {"kind",
                                                 "name",
                                                 "rate",
                                                 "benchmark",
                                                 "capacity",
                                                 "required",
                                                 "allowable_cost",
                                                 "projected",
                                                 "cpl",
                                                 "mql_rate",
                                                 "share",
                                                 "max_leads",
                                                 "effective_cpl",
                                                 "within_allowable",
                                                 "budget",
                                                 "leads",
                                                 "spend",
                                                 "cac",
                                                 "wins",
                                                 "revenue",
                                                 "roi",
                                                 "stage",
                                                 "yield",
                                                 "cost_per_stage",
                                                 "value",
                                                 "improved",
                                                 "required_leads",
                                                 "projected_wins",
                                                 "budget_needed",
                                                 "passed",
                                                 "actual",
                                                 "limit",
                                                 "detail"};

// One record: `cells` by column, up to `width` columns (the check columns only
// for `check`, the sensitivity ones only with --sensitivity).
class Record {
 public:
  Record(std::string_view kind_name, std::string_view row_name) {
    m_cells[kind] = std::string(kind_name);
    m_cells[name] = csv_field(row_name);
  }
  void set(Column column, std::string text) { m_cells[column] = std::move(text); }
  void append_to(std::string& text, std::size_t width) const {
    for (std::size_t i = 0; i < width; ++i) {
      if (i > 0) {
        text += ',';
      }
      text += m_cells[i];
    }
    text += '\n';
  }

 private:
  std::string m_cells[column_count];
};

}  // namespace

void write_csv(std::ostream& out, const Scenario& s, const Plan& plan,
               const std::vector<CheckResult>* checks,
               const std::vector<SensitivityRow>* sensitivity) {
  // One header row for every kind of row (CONTRACT sections 5 and 8.1): `kind`
  // tells the rows apart, each kind leaves the others' columns empty, and the
  // records follow each other with no blank line. LF line ends: every RFC 4180
  // reader accepts them, and shell tools see no stray CR.
  const std::size_t width = checks != nullptr ? std::size_t{column_count} : std::size_t{passed};
  std::string text;
  for (std::size_t i = 0; i < width; ++i) {
    text += i > 0 ? "," : "";
    text += k_headers[i];
  }
  text += '\n';
  const bool projected_figures = plan.mix && !plan.mix->projected.empty();
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    const Stage& st = s.stages[i];
    Record r("stage", st.name);
    r.set(rate, i == 0 ? std::string() : format_exact(st.rate));
    r.set(benchmark, number(st.benchmark));
    r.set(capacity, number(st.capacity));
    r.set(required, format_exact(plan.stages[i].required));
    r.set(allowable_cost, number(plan.stages[i].allowable_cost));
    r.set(projected, projected_figures ? format_exact(plan.mix->projected[i]) : std::string());
    r.append_to(text, width);
  }
  for (std::size_t i = 0; i < s.channels.size(); ++i) {
    const Channel& c = s.channels[i];
    const ChannelPlan& p = plan.channels[i];
    Record r("channel", c.name);
    r.set(cpl, format_exact(c.first_cpl()));
    r.set(mql_rate, format_exact(p.mql_rate));
    r.set(share, number(c.share));
    r.set(max_leads, number(c.max_leads));
    r.set(effective_cpl, format_exact(p.effective_cpl));
    r.set(within_allowable, flag(p.within_allowable));
    r.set(budget, number(p.budget));
    r.set(leads, number(p.leads));
    r.set(spend, number(p.spend));
    r.set(cac, format_exact(p.cac));
    r.set(wins, number(p.wins));
    r.set(revenue, number(p.revenue));
    r.set(roi, number(p.roi));
    r.append_to(text, width);
  }
  // The channel x stage matrix (8.2): one record per channel and stage.
  for (std::size_t i = 0; i < s.channels.size(); ++i) {
    const std::span<const double> yields = plan.yield_of(i);
    const std::span<const double> costs = plan.cost_per_stage_of(i);
    for (std::size_t j = 0; j < s.stages.size(); ++j) {
      Record r("channel_stage", s.channels[i].name);
      r.set(stage, csv_field(s.stages[j].name));
      r.set(yield, format_exact(yields[j]));
      r.set(cost_per_stage, format_exact(costs[j]));
      r.append_to(text, width);
    }
  }
  if (plan.mix) {
    const Mix& m = *plan.mix;
    Record r("mix", "");
    r.set(leads, number(m.leads));
    r.set(spend, number(m.spend));
    r.set(cpl, number(m.blended_cpl));
    r.set(effective_cpl, number(m.blended_effective_cpl));
    r.set(projected_wins, number(m.projected_wins));
    r.set(budget_needed, number(m.budget_needed));
    r.append_to(text, width);
  }
  if (sensitivity != nullptr) {
    for (const SensitivityRow& row : *sensitivity) {
      Record r("sensitivity", row.driver);
      r.set(value, format_exact(row.value));
      r.set(improved, format_exact(row.improved));
      r.set(required_leads, number(row.required_leads));
      r.set(projected_wins, number(row.projected_wins));
      r.set(budget_needed, number(row.budget_needed));
      r.append_to(text, width);
    }
  }
  if (checks != nullptr) {
    for (const CheckResult& c : *checks) {
      Record r("check", c.name);
      r.set(passed, c.passed ? "true" : "false");
      r.set(actual, c.is_flag ? flag(c.actual_flag) : number(c.actual));
      r.set(limit, c.is_flag ? flag(c.limit_flag) : number(c.limit));
      r.set(detail, csv_field(check_detail(s, plan, c)));
      r.append_to(text, width);
    }
  }
  out << with_timeline_csv(std::move(text), s, plan);  // CONTRACT 10
}

}  // namespace leadplan
