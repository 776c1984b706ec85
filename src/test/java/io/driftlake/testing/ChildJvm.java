package io.driftlake.testing;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** The start of a command line for a child JVM that runs our code as {@code jobs/drift} would: the test classpath. */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * {@code java} (this JVM's), {@code vmOptions}, the {@code --add-opens} Spark needs on Java 17, the
   * child log configuration (warnings plus Driftlake's phase markers), and {@code -cp} with this JVM's
   * classpath; the caller adds the main class and its arguments.
   */
  public static List<String> command(String... vmOptions) {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-XX:+IgnoreUnrecognizedVMOptions"));
    command.addAll(List.of(vmOptions));
    for (String module : List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
        "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref", "sun.nio.ch", "sun.nio.cs",
        "sun.security.action", "sun.util.calendar")) {
      command.add("--add-opens=java.base/" + module + "=ALL-UNNAMED");
    }
    command.add("-Dlog4j2.configurationFile=" + new File("src/test/resources/log4j2-phases.properties").getAbsolutePath());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    return command;
  }
}
