package io.driftlake.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each style on the values where they differ; the report, summary and show tests pin them in context. */
class NumberTextTest {
  @Test
  void theReportAndTheSummaryDifferInMinusNanRangeAndRounding() {
    assertThat(NumberText.significant(-3.355, 3)).isEqualTo("−3.35");
    assertThat(NumberText.compact(-3.355, 3)).isEqualTo("-3.35");
    assertThat(NumberText.significant(Double.NaN, 3)).isEqualTo("n/a");
    assertThat(NumberText.compact(Double.NaN, 3)).isEqualTo("NaN");
    assertThat(NumberText.significant(Double.NEGATIVE_INFINITY, 3)).isEqualTo("−∞");
    assertThat(NumberText.compact(Double.NEGATIVE_INFINITY, 3)).isEqualTo("-∞");
    assertThat(NumberText.significant(9999999, 3)).isEqualTo("1e7");
    assertThat(NumberText.compact(9999999, 3)).isEqualTo("10000000");
    // %e rounds the shortest decimal (3.825e-11) half up; BigDecimal the binary value just below it
    assertThat(NumberText.significant(3.825e-11, 3)).isEqualTo("3.83e-11");
    assertThat(NumberText.compact(3.825e-11, 3)).isEqualTo("3.82e-11");
    assertThat(NumberText.significant(0, 3)).isEqualTo("0");
    assertThat(NumberText.compact(1e9, 2)).isEqualTo("1e9");
  }

  @Test
  void cellsSharesCountsAndTicks() {
    assertThat(NumberText.cell(0.1)).isEqualTo("0.100000");
    assertThat(NumberText.cell(1.23456e-5)).isEqualTo("1.235e-05");
    assertThat(NumberText.cell(0)).isEqualTo("0.000000");
    assertThat(NumberText.decimals(0.01234, 4)).isEqualTo("0.0123");
    assertThat(NumberText.percent(0.0001)).isEqualTo("0.0%");
    assertThat(NumberText.percentNonZero(0.0001)).isEqualTo("<0.1%");
    assertThat(NumberText.percentNonZero(0)).isEqualTo("0.0%");
    assertThat(NumberText.grouped(1234567)).isEqualTo("1,234,567");
    assertThat(NumberText.tick(-0.0001, 0.1)).isEqualTo("0");
    assertThat(NumberText.tick(-2.5, 0.5)).isEqualTo("−2.5");
  }

  @Test
  void edgesHaveSixSignificantDigits() {
    assertThat(NumberText.edge(30.6)).isEqualTo("30.6");
    assertThat(NumberText.edge(0.123456789)).isEqualTo("0.123457");
    assertThat(NumberText.edge(-0.0)).isEqualTo("0");
    assertThat(NumberText.edge(1.5e20)).isEqualTo("1.5000e+20");
  }
}
