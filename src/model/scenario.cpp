#include "leadplan/model/scenario.hpp"

namespace leadplan {

const char* period_name(Period period) {
  switch (period) {
    case Period::week:
      return "week";
    case Period::month:
      return "month";
    case Period::quarter:
      return "quarter";
    case Period::year:
      return "year";
  }
  return "month";
}

const char* rounding_name(Rounding rounding) {
  return rounding == Rounding::ceil ? "ceil" : "none";
}

}  // namespace leadplan
