#pragma once
// A small writer of inline SVG for the HTML report: rectangles, lines, a
// polyline and text, coordinates with one decimal, every text escaped. Colours
// come from the page's CSS classes, so one chart serves the light and the dark scheme.

#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace leadplan {

// Appends one `<svg role="img">` with a `<title>` and a `<desc>` to a string.
class SvgWriter {
 public:
  // Opens a `width` x `height` chart in `out`, labelled by `id`-title and
  // `id`-desc: `title` names it, `description` says in words what it shows.
  SvgWriter(std::string& out, double width, double height, std::string_view id,
            std::string_view title, std::string_view description);
  SvgWriter(const SvgWriter&) = delete;
  SvgWriter& operator=(const SvgWriter&) = delete;
  // Closes the `<svg>`.
  ~SvgWriter();

  // A rectangle at (`x`, `y`) of `width` x `height`, styled by class `css`.
  void rect(double x, double y, double width, double height, std::string_view css);
  // A rectangle with a tooltip `label` (a `<title>` of its own).
  void rect(double x, double y, double width, double height, std::string_view css,
            std::string_view label);
  // A line from (`x1`, `y1`) to (`x2`, `y2`), styled by class `css`.
  void line(double x1, double y1, double x2, double y2, std::string_view css);
  // A line through `points`, styled by class `css`.
  void polyline(std::span<const std::pair<double, double>> points, std::string_view css);
  // `text` at (`x`, `y`), anchored at its "start", "middle" or "end" (`anchor`).
  void text(double x, double y, std::string_view text, std::string_view css,
            std::string_view anchor = "start");

 private:
  std::string& m_out;
};

// `value` with one decimal and no locale ("12.5", "-3.0"): an SVG coordinate.
[[nodiscard]] std::string svg_number(double value);

}  // namespace leadplan
