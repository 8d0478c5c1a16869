#include <fmt/format.h>

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

void write_csv(std::ostream& out, const Scenario& s, const Plan& plan,
               const std::vector<CheckResult>* checks) {
  // One header row for every kind of row (CONTRACT section 5): `kind` tells a
  // stage row from a channel row (and, for `check`, a check row), and each kind
  // leaves the others' columns empty. LF line ends: every RFC 4180 reader accepts
  // them, and shell tools see no stray CR.
  const std::string check_columns = checks != nullptr ? ",,,," : "";
  std::string text =
      "kind,name,rate,benchmark,capacity,required,allowable_cost,projected,"
      "cpl,mql_rate,share,max_leads,effective_cpl,within_allowable,budget,leads,spend";
  text += checks != nullptr ? ",passed,actual,limit,detail\n" : "\n";
  const bool projected = plan.mix && !plan.mix->projected.empty();
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    const Stage& stage = s.stages[i];
    text += fmt::format("stage,{},{},{},{},{},{},{},,,,,,,,,{}\n", csv_field(stage.name),
                        i == 0 ? std::string() : format_exact(stage.rate), number(stage.benchmark),
                        number(stage.capacity), format_exact(plan.stages[i].required),
                        number(plan.stages[i].allowable_cost),
                        projected ? format_exact(plan.mix->projected[i]) : std::string(),
                        check_columns);
  }
  text += "\n";
  for (std::size_t i = 0; i < s.channels.size(); ++i) {
    const Channel& c = s.channels[i];
    const ChannelPlan& p = plan.channels[i];
    text +=
        fmt::format("channel,{},,,,,,,{},{},{},{},{},{},{},{},{}{}\n", csv_field(c.name),
                    format_exact(c.first_cpl()), format_exact(p.mql_rate), number(c.share),
                    number(c.max_leads), format_exact(p.effective_cpl), flag(p.within_allowable),
                    number(p.budget), number(p.leads), number(p.spend), check_columns);
  }
  if (checks != nullptr) {
    text += "\n";
    for (const CheckResult& c : *checks) {
      const std::string actual = c.is_flag ? flag(c.actual_flag) : number(c.actual);
      const std::string limit = c.is_flag ? flag(c.limit_flag) : number(c.limit);
      text += fmt::format("check,{},,,,,,,,,,,,,,,,{},{},{},{}\n", csv_field(c.name),
                          c.passed ? "true" : "false", actual, limit, csv_field(c.detail));
    }
  }
  out << with_timeline_csv(std::move(text), s, plan);  // CONTRACT 10
}

}  // namespace leadplan
