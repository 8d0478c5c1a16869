#include "leadplan/model/check.hpp"
#include "leadplan/report/json_writer.hpp"
#include "leadplan/report/report.hpp"

namespace leadplan {

void write_json(std::ostream& out, const Scenario& scenario, const Plan& plan,
                const std::vector<CheckResult>* checks) {
  JsonWriter json(out);
  json.begin_object();
  json.key("contract");
  json.value(1.0);

  json.key("scenario");
  json.begin_object();
  json.key("name");
  json.value(scenario.name);
  json.key("period");
  json.value(period_name(scenario.period));
  json.key("currency");
  json.value(std::string_view(scenario.currency));
  json.key("rounding");
  json.value(rounding_name(scenario.rounding));
  json.end_object();

  json.key("target");
  json.begin_object();
  json.key("wins");
  json.value(plan.wins);
  json.key("revenue");
  json.value(plan.revenue);
  json.key("deal_size");
  json.value(plan.deal_size);
  json.end_object();

  json.key("budget");
  json.value(scenario.budget);
  json.key("allowable_cpl");
  json.value(plan.allowable_cpl);

  json.key("stages");
  json.begin_array();
  for (std::size_t i = 0; i < scenario.stages.size(); ++i) {
    const Stage& stage = scenario.stages[i];
    json.begin_object();
    json.key("name");
    json.value(std::string_view(stage.name));
    json.key("rate");
    json.value(i == 0 ? std::nullopt : std::optional<double>(stage.rate));
    json.key("benchmark");
    json.value(stage.benchmark);
    json.key("capacity");
    json.value(stage.capacity);
    json.key("required");
    json.value(plan.stages[i].required);
    json.key("allowable_cost");
    json.value(plan.stages[i].allowable_cost);
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
    json.key("name");
    json.value(std::string_view(channel.name));
    json.key("cpl");
    json.value(channel.cpl);
    json.key("mql_rate");
    json.value(p.mql_rate);
    json.key("share");
    json.value(channel.share);
    json.key("max_leads");
    json.value(channel.max_leads);
    json.key("effective_cpl");
    json.value(p.effective_cpl);
    json.key("within_allowable");
    json.value(p.within_allowable);
    json.key("budget");
    json.value(p.budget);
    json.key("leads");
    json.value(p.leads);
    json.key("spend");
    json.value(p.spend);
    json.end_object();
  }
  json.end_array();

  json.key("mix");
  if (plan.mix) {
    const Mix& mix = *plan.mix;
    json.begin_object();
    json.key("leads");
    json.value(mix.leads);
    json.key("spend");
    json.value(mix.spend);
    json.key("blended_cpl");
    json.value(mix.blended_cpl);
    json.key("blended_effective_cpl");
    json.value(mix.blended_effective_cpl);
    json.key("projected");
    if (mix.projected.empty()) {
      json.null();
    } else {
      json.begin_array();
      for (double projected : mix.projected) {
        json.value(projected);
      }
      json.end_array();
    }
    json.key("projected_wins");
    json.value(mix.projected_wins);
    json.key("coverage");
    json.value(mix.coverage);
    json.key("feasible");
    json.value(mix.feasible);
    json.key("budget_needed");
    json.value(mix.budget_needed);
    json.end_object();
  } else {
    json.null();
  }

  json.key("bottleneck");
  json.begin_object();
  json.key("kind");
  json.value(plan.bottleneck.kind == BottleneckKind::capacity ? "capacity" : "conversion");
  json.key("stage");
  json.value(std::string_view(scenario.stages[plan.bottleneck.stage].name));
  json.key("from");
  if (plan.bottleneck.stage > 0) {
    json.value(std::string_view(scenario.stages[plan.bottleneck.stage - 1].name));
  } else {
    json.null();
  }
  json.key("ratio");
  json.value(plan.bottleneck.ratio);
  json.key("reason");
  json.value(std::string_view(bottleneck_reason(scenario, plan)));
  json.end_object();

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
      json.key("name");
      json.value(std::string_view(check.name));
      json.key("passed");
      json.value(check.passed);
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
      json.key("detail");
      json.value(std::string_view(check.detail));
      json.end_object();
    }
    json.end_array();
  }
  json.end_object();
}

}  // namespace leadplan
