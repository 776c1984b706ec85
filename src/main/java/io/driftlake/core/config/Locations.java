package io.driftlake.core.config;

import io.driftlake.core.DriftErrors;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a run reads and writes: whether a location names a path or a table, a local path in one
 * canonical form (absolute, {@code file:} prefix and trailing slash dropped, {@code ..} resolved), and
 * the checks on {@code --output} and {@code --profile-table} that need no Spark, so that a bad output
 * fails before the session starts. The job repeats them with Spark (remote paths, Delta schemas,
 * catalog names: {@code spark.OutputSafety}).
 */
public final class Locations {
  /** Extensions that make a name without a separator a path. */
  public static final List<String> FILE_EXTENSIONS = List.of("parquet", "csv", "json", "jsonl", "orc");
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,2}");
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");
  /** Names shown in a "folder with N files" message before the ellipsis. */
  private static final int NAMES_SHOWN = 3;

  private Locations() {}

  /** Whether a location names a path (not a table): a separator, a scheme, a data file extension, or an existing file. */
  public static boolean isPath(String location) {
    if (location.contains("/") || location.contains("\\") || location.contains(":")) {
      return true;
    }
    String lower = location.toLowerCase(Locale.ROOT);
    if (FILE_EXTENSIONS.stream().anyMatch(ext -> lower.endsWith("." + ext))) {
      return true;
    }
    return new File(location).exists() || !TABLE_NAME.matcher(location).matches();
  }

  /**
   * The local file a path location names, absolute and normalized; empty for a table name or a
   * path with another scheme ({@code s3a://}, {@code hdfs://}, {@code dbfs:}).
   */
  public static Optional<Path> local(String location) {
    if (!isPath(location)) {
      return Optional.empty();
    }
    try {
      if (location.startsWith("file:")) {
        String path = URI.create(location.replace(" ", "%20")).getPath(); // file:/a, file:///a, file://host/a
        return Optional.of(Path.of(path != null ? path : location.substring("file:".length())).toAbsolutePath().normalize());
      }
      if (SCHEME.matcher(location).matches() && !location.matches("[A-Za-z]:[\\\\/].*")) {
        return Optional.empty();
      }
      return Optional.of(Path.of(location).toAbsolutePath().normalize());
    } catch (IllegalArgumentException e) { // InvalidPathException too
      return Optional.empty();
    }
  }

  /**
   * The checks on the tables a run writes that need no Spark: each local {@code --output} and
   * {@code --profile-table} path is new, an empty folder or a Delta table (whose schema the job
   * checks), and none is the same location as an input or as the other.
   */
  public static void checkOutputs(DriftConfig config) {
    List<String[]> written = new ArrayList<>();
    written.add(new String[] {DriftConfig.OUTPUT.option(), config.output()});
    config.profileTable().ifPresent(t -> written.add(new String[] {DriftConfig.PROFILE_TABLE.option(), t}));
    List<String[]> others = new ArrayList<>();
    if (config.reference() != null) {
      others.add(new String[] {DriftConfig.REFERENCE.option(), config.reference()});
    }
    if (config.current() != null) {
      others.add(new String[] {DriftConfig.CURRENT.option(), config.current()});
    }
    for (String[] out : written) {
      for (String[] other : others) {
        if (same(out[1], other[1])) {
          throw DriftErrors.outputIsInput(out[0], out[1], other[0]);
        }
      }
    }
    if (written.size() == 2 && same(written.get(0)[1], written.get(1)[1])) {
      throw DriftErrors.outputIsInput(written.get(1)[0], written.get(1)[1], written.get(0)[0]);
    }
    checkLocalOutput(DriftConfig.OUTPUT.option(), config.output(), "drift");
    config.profileTable().ifPresent(t -> checkLocalOutput(DriftConfig.PROFILE_TABLE.option(), t, "profile"));
  }

  /** Whether two locations are the same local path, or the same table name (ignoring case). */
  static boolean same(String a, String b) {
    Optional<Path> localA = local(a);
    Optional<Path> localB = local(b);
    if (localA.isPresent() || localB.isPresent()) {
      return localA.isPresent() && localA.equals(localB);
    }
    return !isPath(a) && !isPath(b) && a.equalsIgnoreCase(b);
  }

  private static void checkLocalOutput(String option, String location, String role) {
    Optional<Path> local = local(location);
    if (local.isEmpty()) {
      return;
    }
    describeUnfit(local.get()).ifPresent(what -> {
      throw DriftErrors.outputNotATable(option, location, what, role, DriftErrors.NEW_FOLDER);
    });
  }

  /**
   * Why a local path cannot hold a Driftlake table, in the words of the error ("a file", "a folder
   * with 3 files (a.parquet, b, ...)"); empty when it can: it does not exist, is an empty folder, or
   * has a {@code _delta_log} (a Delta table, whose schema only Spark can judge).
   */
  public static Optional<String> describeUnfit(Path path) {
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    if (!Files.isDirectory(path)) {
      return Optional.of("a file");
    }
    if (Files.isDirectory(path.resolve("_delta_log")) && !isEmptyFolder(path.resolve("_delta_log"))) {
      return Optional.empty();
    }
    List<String> names;
    try (Stream<Path> children = Files.list(path)) {
      names = children.filter(p -> !(p.getFileName().toString().equals("_delta_log") && isEmptyFolder(p)))
          .map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).sorted().toList();
    } catch (IOException e) {
      return Optional.of("a folder that cannot be listed (" + e.getMessage() + ")");
    }
    return names.isEmpty() ? Optional.empty() : Optional.of(folderWith(names));
  }

  /** "a folder with 3 files (a.parquet, b.txt, sub/)": at most {@value #NAMES_SHOWN} names, then "...". */
  public static String folderWith(List<String> entries) {
    // the user's own names first, the hidden and bookkeeping ones (.crc, _SUCCESS) after them
    List<String> names = entries.stream().sorted(java.util.Comparator
        .comparing((String n) -> n.startsWith(".") || n.startsWith("_")).thenComparing(n -> n)).toList();
    String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())))
        + (names.size() > NAMES_SHOWN ? ", ..." : "");
    return "a folder with " + names.size() + (names.size() == 1 ? " file" : " files") + " (" + shown + ")";
  }

  private static boolean isEmptyFolder(Path path) {
    try (Stream<Path> children = Files.list(path)) {
      return children.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
