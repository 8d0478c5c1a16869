#pragma once
// The parts of a Scenario the engine's tests build by hand.

#include <optional>
#include <string>
#include <utility>

#include "leadplan/model/scenario.hpp"

namespace leadplan::test {

// A funnel stage converting at `rate` from the stage above, with an optional `capacity`.
inline Stage stage(std::string name, double rate = 1.0,
                   std::optional<double> capacity = std::nullopt) {
  Stage s;
  s.name = std::move(name);
  s.rate = rate;
  s.capacity = capacity;
  return s;
}

// A channel at `cpl`, with an optional own rate into the second stage.
inline Channel channel(std::string name, double cpl,
                       std::optional<double> mql_rate = std::nullopt) {
  Channel c;
  c.name = std::move(name);
  c.cpl = cpl;
  if (mql_rate) {
    c.rates = {std::nullopt, mql_rate};
    c.mql_rate_key = true;
  }
  return c;
}

}  // namespace leadplan::test
