package io.driftlake.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear axis from a data range to pixels, with "nice" ticks: steps of 1, 2 or 5 times a power of
 * ten (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990), about {@code target} of them.
 *
 * @param min the data value at {@code from} (a tick or the range's start)
 * @param max the data value at {@code to}
 * @param step the distance between ticks
 * @param from the pixel of {@code min}
 * @param to the pixel of {@code max} (less than {@code from} for a vertical axis)
 */
record Scale(double min, double max, double step, double from, double to) {

  /** An axis over [lo, hi]; {@code zeroBased} starts it at 0 and ends it at the tick above hi. */
  static Scale of(double lo, double hi, int target, boolean zeroBased, double from, double to) {
    if (!(hi > lo)) {
      hi = lo == 0 ? 1 : lo + Math.abs(lo) * 0.1;
    }
    double step = niceStep((hi - lo) / Math.max(1, target));
    if (zeroBased) {
      return new Scale(lo, Math.ceil(hi / step - 1e-9) * step, step, from, to);
    }
    return new Scale(lo, hi, step, from, to);
  }

  static double niceStep(double rough) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
    double residual = rough / magnitude;
    double nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
    return nice * magnitude;
  }

  /** The pixel of {@code value}. */
  double pixel(double value) {
    return from + (value - min) / (max - min) * (to - from);
  }

  /** The tick values within [min, max]. */
  List<Double> ticks() {
    List<Double> ticks = new ArrayList<>();
    long first = (long) Math.ceil(min / step - 1e-9);
    for (long i = first; i * step <= max + step * 1e-9 && ticks.size() < 1000; i++) {
      ticks.add(i == 0 ? 0.0 : i * step);
    }
    return ticks;
  }
}
