package io.driftlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.testing.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything that can be checked without data fails before a SparkSession starts: option values,
 * the run id, config file keys, misspelled options (with picocli's suggestion) and local output
 * paths. In-process, with no session in this class: each error is one line, exit 2, well under the
 * ~5 s a session takes to start, and no session exists afterwards.
 */
class FastUsageErrorsTest {
  @TempDir Path dir;

  record Result(int code, String err, long millis) {}

  static Result drift(String... args) {
    boolean hadSession = SparkSession.getDefaultSession().isDefined() || SparkSession.getActiveSession().isDefined();
    long start = System.nanoTime();
    CliHarness.Result result = CliHarness.drift(args);
    long millis = (System.nanoTime() - start) / 1_000_000;
    if (!hadSession) { // when other test classes share this JVM, theirs may exist already
      assertThat(SparkSession.getDefaultSession().isDefined()).as("a session was created").isFalse();
      assertThat(SparkSession.getActiveSession().isDefined()).as("a session was created").isFalse();
    }
    return new Result(result.code(), result.err(), millis);
  }

  private static void assertFastOneLine(Result result, String expected) {
    assertThat(result.code()).as(result.err()).isEqualTo(2);
    assertThat(result.err().strip()).doesNotContain("\n").isEqualTo(expected);
    assertThat(result.millis()).as("milliseconds to the error").isLessThan(2_000);
  }

  @Test
  void badValuesRunIdsConfigKeysAndOutputsFailBeforeASessionStarts() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve("a.parquet"), "not really parquet, never read");
    Files.writeString(data.resolve("readme.txt"), "hello");
    Files.createDirectories(data.resolve("sub"));
    Files.writeString(data.resolve("z.csv"), "x\n1\n");
    String ref = dir.resolve("ref.parquet").toString();
    String cur = dir.resolve("cur.parquet").toString();
    String out = dir.resolve("out").toString();

    assertFastOneLine(drift("run", "--reference", ref, "--current", cur, "--output", out, "--run-id", "bad id"),
        "drift run: error: invalid value 'bad id' for --run-id: expected letters, digits and . _ : + -"
            + " (at most 128, starting with a letter or digit)");
    assertFastOneLine(drift("run", "--reference", ref, "--current", cur, "--output", out, "--bins", "0"),
        "drift run: error: invalid value '0' for --bins: expected a whole number from 1 to 10000");
    assertFastOneLine(drift("run", "--reference", ref, "--current", cur, "--output", out, "--read-option", "sep"),
        "drift run: error: invalid value 'sep' for --read-option: expected KEY=VALUE, e.g. sep=; or encoding=ISO-8859-1");
    Path conf = Files.writeString(dir.resolve("bad.conf"), "binz = 3\n");
    assertFastOneLine(drift("run", "--reference", ref, "--current", cur, "--output", out, "--config", conf.toString()),
        "drift run: error: unknown setting 'binz'. See 'drift run --help' for the settings (in " + conf + ")");
    assertFastOneLine(drift("run", "--reference", ref, "--current", cur, "--outptu", out),
        "drift run: Unknown options: '--outptu', '" + out + "'. Did you mean: --output? See 'drift run --help'.");
    assertFastOneLine(drift("run", "--reference", ref, "--current", cur, "--output", data.toString()),
        "drift run: error: --output " + data + " is a folder with 4 files (a.parquet, readme.txt, sub/, ...) that is not"
            + " a Driftlake drift table: give a new or empty folder, or an existing drift table");
    assertFastOneLine(drift("run", "--reference", ref, "--current", cur, "--output", data.resolve("z.csv").toString()),
        "drift run: error: --output " + data.resolve("z.csv") + " is a file that is not a Driftlake drift table:"
            + " give a new or empty folder, or an existing drift table");
    assertFastOneLine(drift("run", "--reference", ref, "--current", cur, "--output", "file:" + cur + "/"),
        "drift run: error: --output file:" + cur + "/ is the same location as --current: one location cannot be both."
            + " Give --output a new or empty folder, or an existing Driftlake table");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
