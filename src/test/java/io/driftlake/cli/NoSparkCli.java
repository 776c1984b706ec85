package io.driftlake.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * A test main: runs {@code drift} command lines (separated by {@code ;;}) in this JVM, then prints
 * {@code spark sessions: none} when none of them started a SparkSession (active or default), else
 * {@code spark sessions: some}; exits with the first non-zero exit code.
 */
public final class NoSparkCli {
  private NoSparkCli() {}

  public static void main(String[] args) {
    List<List<String>> commands = new ArrayList<>(List.of(new ArrayList<>()));
    for (String arg : args) {
      if (arg.equals(";;")) {
        commands.add(new ArrayList<>());
      } else {
        commands.get(commands.size() - 1).add(arg);
      }
    }
    int code = 0;
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    for (List<String> command : commands) {
      int exit = DriftCli.execute(out, err, command.toArray(String[]::new));
      code = code == 0 ? exit : code;
    }
    boolean sessions = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
    out.println("spark sessions: " + (sessions ? "some" : "none") + " " + Arrays.toString(new int[] {code}));
    System.exit(code);
  }
}
