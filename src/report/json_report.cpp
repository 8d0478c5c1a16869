#include <span>

#include "leadplan/engine/sensitivity.hpp"
#include "leadplan/model/check.hpp"
#include "leadplan/report/json_writer.hpp"
#include "leadplan/report/report.hpp"
#include "leadplan/report/timeline_report.hpp"

namespace leadplan {

namespace {

void write_numbers(JsonWriter& json, std::span<const double> numbers) {
  json.begin_array();
  for (double number : numbers) {
    json.value(number);
  }
  json.end_array();
}

}  // namespace

void write_json(std::ostream& out, const Scenario& scenario, const Plan& plan,
                const std::vector<CheckResult>* checks,
                const std::vector<SensitivityRow>* sensitivity) {
  JsonWriter json(out);
  json.begin_object();
  json.field("contract", 2.0);

  json.key("scenario");
  json.begin_object();
  json.field("name", scenario.name);
  json.field("period", period_name(scenario.period));
  json.field("currency", std::string_view(scenario.currency));
  json.field("rounding", rounding_name(scenario.rounding));
  json.end_object();

  json.key("target");
  json.begin_object();
  json.field("wins", plan.wins);
  json.field("revenue", plan.revenue);
  json.field("deal_size", plan.deal_size);
  json.end_object();

  json.field("budget", scenario.budget);
  json.field("allowable_cpl", plan.allowable_cpl);

  json.key("stages");
  json.begin_array();
  for (std::size_t i = 0; i < scenario.stages.size(); ++i) {
    const Stage& stage = scenario.stages[i];
    json.begin_object();
    json.field("name", std::string_view(stage.name));
    json.field("rate", i == 0 ? std::nullopt : std::optional<double>(stage.rate));
    json.field("benchmark", stage.benchmark);
    json.field("capacity", stage.capacity);
    json.field("required", plan.stages[i].required);
    json.field("allowable_cost", plan.stages[i].allowable_cost);
    json.key("projected");
    json.value(plan.mix && !plan.mix->projected.empty()
                   ? std::optional<double>(plan.mix->projected[i])
                   : std::nullopt);
    json.end_object();
  }
  json.end_array();

  json.key("channels");
  json.begin_array();
  for (std::size_t i = 0; i < scenario.channels.size(); ++i) {
    const Channel& channel = scenario.channels[i];
    const ChannelPlan& p = plan.channels[i];
    json.begin_object();
    json.field("name", std::string_view(channel.name));
    json.field("cpl", channel.first_cpl());
    json.field("mql_rate", p.mql_rate);
    json.field("share", channel.share);
    json.field("max_leads", channel.max_leads);
    json.field("effective_cpl", p.effective_cpl);
    json.field("within_allowable", p.within_allowable);
    json.field("budget", p.budget);
    json.field("leads", p.leads);
    json.field("spend", p.spend);
    json.key("yield");
    write_numbers(json, plan.yield_of(i));
    json.key("cost_per_stage");
    write_numbers(json, plan.cost_per_stage_of(i));
    json.field("cac", p.cac);
    json.field("wins", p.wins);
    json.field("revenue", p.revenue);
    json.field("roi", p.roi);
    json.field("min_spend", channel.min_spend);
    json.field("max_spend", channel.max_spend);
    json.end_object();
  }
  json.end_array();

  // Always an object: without channels every figure of the mix is null, never
  // omitted (CONTRACT section 4), so `.mix.coverage` reads null, not an error.
  static const Mix k_no_mix{};
  const Mix& mix = plan.mix ? *plan.mix : k_no_mix;
  json.key("mix");
  json.begin_object();
  json.field("leads", mix.leads);
  json.field("spend", mix.spend);
  json.field("blended_cpl", mix.blended_cpl);
  json.field("blended_effective_cpl", mix.blended_effective_cpl);
  json.key("projected");
  if (mix.projected.empty()) {
    json.null();
  } else {
    write_numbers(json, mix.projected);
  }
  json.field("projected_wins", mix.projected_wins);
  json.field("coverage", mix.coverage);
  json.field("win_coverage", mix.win_coverage);
  json.field("feasible", mix.feasible);
  json.field("budget_needed", mix.budget_needed);
  json.field("max_projected_wins", mix.max_projected_wins);
  json.field("unspent", mix.unspent);
  json.key("capped_stages");  // null where nothing is projected (no budget)
  if (mix.projected.empty()) {
    json.null();
  } else {
    json.begin_array();
    for (std::size_t stage : mix.capped_stages) {
      json.value(std::string_view(scenario.stages[stage].name));
    }
    json.end_array();
  }
  json.end_object();

  json.key("bottleneck");
  json.begin_object();
  json.field("kind", plan.bottleneck.kind == BottleneckKind::capacity ? "capacity" : "conversion");
  json.field("stage", std::string_view(scenario.stages[plan.bottleneck.stage].name));
  json.key("from");
  if (plan.bottleneck.stage > 0) {
    json.value(std::string_view(scenario.stages[plan.bottleneck.stage - 1].name));
  } else {
    json.null();
  }
  json.field("ratio", plan.bottleneck.ratio);
  json.field("reason", std::string_view(bottleneck_reason(scenario, plan)));
  json.end_object();

  if (sensitivity != nullptr) {
    json.key("sensitivity");
    json.begin_array();
    for (const SensitivityRow& row : *sensitivity) {
      json.begin_object();
      json.field("driver", std::string_view(row.driver));
      json.field("value", row.value);
      json.field("improved", row.improved);
      json.field("required_leads", row.required_leads);
      json.field("projected_wins", row.projected_wins);
      json.field("budget_needed", row.budget_needed);
      json.end_object();
    }
    json.end_array();
  }

  if (checks != nullptr) {
    json.key("passed");
    bool all = true;
    for (const CheckResult& check : *checks) {
      all = all && check.passed;
    }
    json.value(all);
    json.key("checks");
    json.begin_array();
    for (const CheckResult& check : *checks) {
      json.begin_object();
      json.field("name", std::string_view(check.name));
      json.field("passed", check.passed);
      json.key("actual");
      if (check.is_flag) {
        json.value(check.actual_flag);
      } else {
        json.value(check.actual);
      }
      json.key("limit");
      if (check.is_flag) {
        json.value(check.limit_flag);
      } else {
        json.value(check.limit);
      }
      json.field("detail", std::string_view(check_detail(scenario, plan, check)));
      json.end_object();
    }
    json.end_array();
  }
  write_timeline_json(json, scenario, plan);  // CONTRACT 10
  json.end_object();
}

}  // namespace leadplan
