#include "leadplan/report/html_svg.hpp"

#include <fmt/format.h>

#include "leadplan/report/html_report.hpp"

namespace leadplan {

std::string svg_number(double value) {
  // -0.0 would print as "-0.0": one spelling per coordinate keeps the bytes stable.
  const std::string text = fmt::format("{:.1f}", value);
  return text == "-0.0" ? std::string("0.0") : text;
}

SvgWriter::SvgWriter(std::string& out, double width, double height, std::string_view id,
                     std::string_view title, std::string_view description)
    : m_out(out) {
  const std::string safe_id = html_escape(id);
  m_out += fmt::format(
      "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" aria-labelledby=\"{}-title {}-desc\">\n"
      "<title id=\"{}-title\">{}</title>\n<desc id=\"{}-desc\">{}</desc>\n",
      svg_number(width), svg_number(height), svg_number(width), svg_number(height), safe_id,
      safe_id, safe_id, html_escape(title), safe_id, html_escape(description));
}

SvgWriter::~SvgWriter() {
  m_out += "</svg>\n";
}

void SvgWriter::rect(double x, double y, double width, double height, std::string_view css) {
  m_out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"{}\"/>\n",
                       svg_number(x), svg_number(y), svg_number(width), svg_number(height), css);
}

void SvgWriter::rect(double x, double y, double width, double height, std::string_view css,
                     std::string_view label) {
  m_out += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"{}\"><title>{}</title></rect>\n",
      svg_number(x), svg_number(y), svg_number(width), svg_number(height), css, html_escape(label));
}

void SvgWriter::line(double x1, double y1, double x2, double y2, std::string_view css) {
  m_out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"{}\"/>\n",
                       svg_number(x1), svg_number(y1), svg_number(x2), svg_number(y2), css);
}

void SvgWriter::polyline(std::span<const std::pair<double, double>> points, std::string_view css) {
  m_out += "<polyline points=\"";
  for (std::size_t i = 0; i < points.size(); ++i) {
    m_out += i == 0 ? "" : " ";
    m_out += svg_number(points[i].first);
    m_out += ',';
    m_out += svg_number(points[i].second);
  }
  m_out += fmt::format("\" class=\"{}\"/>\n", css);
}

void SvgWriter::text(double x, double y, std::string_view text, std::string_view css,
                     std::string_view anchor) {
  m_out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"{}\" text-anchor=\"{}\">{}</text>\n",
                       svg_number(x), svg_number(y), css, anchor, html_escape(text));
}

}  // namespace leadplan
