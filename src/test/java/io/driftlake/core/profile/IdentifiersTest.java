package io.driftlake.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentifiersTest {
  @Test
  void atLeast95PercentDistinctOverAtLeast100ValuesIsAnIdentifier() {
    assertThat(Identifiers.looksLikeIdentifier(1254, 1255)).isTrue(); // vega movies' Title before 2000
    assertThat(Identifiers.looksLikeIdentifier(95, 100)).isTrue(); // the bar itself
    assertThat(Identifiers.looksLikeIdentifier(94, 100)).isFalse();
    assertThat(Identifiers.looksLikeIdentifier(99, 99)).isFalse(); // too few values to tell
    assertThat(Identifiers.looksLikeIdentifier(62, 682)).isFalse(); // gapminder's country over all years
  }

  @Test
  void theShareIsRoundedDownSoOnlyAllDistinctReads100() {
    assertThat(Identifiers.share(1254, 1255)).isEqualTo("99.9%"); // 99.92%
    assertThat(Identifiers.share(99_999, 100_000)).isEqualTo("99.9%"); // 99.999%, not "100.0%"
    assertThat(Identifiers.share(200, 200)).isEqualTo("100%");
    assertThat(Identifiers.share(19, 20)).isEqualTo("95.0%");
  }
}
