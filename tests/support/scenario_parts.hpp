#pragma once
// The parts of a Scenario the engine's tests build by hand.

#include <optional>
#include <string>
#include <utility>

#include "leadplan/model/scenario.hpp"

namespace leadplan::test {

// A funnel stage converting at `rate` from the stage above.
inline Stage stage(std::string name, double rate = 1.0) {
  Stage s;
  s.name = std::move(name);
  s.rate = rate;
  return s;
}

// A channel at `cpl`, with an optional own rate into the second stage.
inline Channel channel(std::string name, double cpl,
                       std::optional<double> mql_rate = std::nullopt) {
  Channel c;
  c.name = std::move(name);
  c.cpl = cpl;
  c.mql_rate = mql_rate;
  return c;
}

}  // namespace leadplan::test
