package io.driftlake;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layout honest: layers one way (cli → the {@link Driftlake} API → spark → core, and the
 * API → kernel → core for reads without Spark), a Spark-free core and kernel reader, and a public API without Scala types.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.driftlake");
  /** The engines and what exists only to serve them: batch decoding, the bins phase. */
  private static final String[] ENGINE_PACKAGES = {"io.driftlake.spark.engine..", "io.driftlake.spark.batch..",
      "io.driftlake.spark.bins.."};

  @Test
  void coreHasNoSparkDeltaOrScalaDependency() {
    assertThat(CLASSES.stream().filter(c -> c.getPackageName().startsWith("io.driftlake.core"))).isNotEmpty();
    noClasses().that().resideInAPackage("io.driftlake.core..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "io.delta..", "scala..")
        .check(CLASSES);
  }

  @Test
  void apiSparkAndCoreDoNotDependOnTheCommandLine() {
    // cli -> API (Driftlake) -> spark -> core: the command line is a client of the API, never below it
    noClasses().that().resideInAnyPackage("io.driftlake.core..", "io.driftlake.spark..")
        .or().belongToAnyOf(Driftlake.class)
        .should().dependOnClassesThat().resideInAPackage("io.driftlake.cli..")
        .check(CLASSES);
  }

  @Test
  void sparkDependsOnNeitherTheCommandLineNorTheApiClass() {
    assertThat(CLASSES.stream().filter(c -> c.getPackageName().equals("io.driftlake.spark"))).isNotEmpty();
    noClasses().that().resideInAPackage("io.driftlake.spark..")
        .should().dependOnClassesThat(resideInAPackage("io.driftlake.cli..").or(belongToAnyOf(Driftlake.class)))
        .check(CLASSES);
  }

  @Test
  void kernelReaderUsesDeltaKernelButNeverSpark() {
    // show, runs and report read a path without a SparkSession: nothing in the kernel package may
    // pull Spark (or Scala, or delta-spark) in
    assertThat(CLASSES.stream().filter(c -> c.getPackageName().equals("io.driftlake.kernel"))).isNotEmpty();
    noClasses().that().resideInAPackage("io.driftlake.kernel..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "io.delta.tables..",
            "io.driftlake.spark..", "io.driftlake.cli..")
        .check(CLASSES);
    noClasses().that().resideInAnyPackage("io.driftlake.core..", "io.driftlake.spark..")
        .should().dependOnClassesThat().resideInAPackage("io.driftlake.kernel..")
        .check(CLASSES);
  }

  @Test
  void theReportDependsOnlyOnCore() {
    assertThat(CLASSES.stream().filter(c -> c.getPackageName().equals("io.driftlake.report"))).isNotEmpty();
    noClasses().that().resideInAPackage("io.driftlake.report..")
        .should().dependOnClassesThat(resideInAnyPackage("org.apache.spark..", "io.delta..", "scala..")
            .or(resideInAPackage("io.driftlake..").and(not(resideInAnyPackage("io.driftlake.core..", "io.driftlake.report..")))))
        .check(CLASSES);
  }

  @Test
  void coreDependsOnNothingOfOursOutsideCore() {
    noClasses().that().resideInAPackage("io.driftlake.core..")
        .should().dependOnClassesThat(resideInAPackage("io.driftlake..").and(not(resideInAPackage("io.driftlake.core.."))))
        .check(CLASSES);
  }

  @Test
  void noEngineDependsOnAnotherEngine() {
    assertThat(CLASSES.stream().filter(c -> c.getPackageName().startsWith("io.driftlake.spark.engine."))).isNotEmpty();
    com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
        .matching("io.driftlake.spark.engine.(*)..").should().notDependOnEachOther()
        .check(CLASSES);
  }

  @Test
  void readingAndTablesDoNotDependOnTheEngines() {
    noClasses().that().resideInAnyPackage("io.driftlake.spark.input..", "io.driftlake.spark.table..",
            "io.driftlake.spark.common..")
        .should().dependOnClassesThat().resideInAnyPackage(ENGINE_PACKAGES)
        .check(CLASSES);
    // and the tables do not read inputs: the arrow between the two rooms points one way (input -> table)
    noClasses().that().resideInAnyPackage("io.driftlake.spark.table..", "io.driftlake.spark.common..")
        .should().dependOnClassesThat().resideInAPackage("io.driftlake.spark.input..")
        .check(CLASSES);
  }

  @Test
  void onlyTheActionPackageSeesEveryEngine() {
    // the shared engine package (the interface, the request, the fallback wrapper) knows no engine;
    // the action package (Engines) is the one place that names them all
    // (an engine's own classes use each other; noEngineDependsOnAnotherEngine keeps them apart)
    String[] engines = {"io.driftlake.spark.engine.udaf..", "io.driftlake.spark.engine.builtin..",
        "io.driftlake.spark.engine.columnar.."};
    String[] actionOrEngine = {"io.driftlake.spark", engines[0], engines[1], engines[2]};
    noClasses().that().resideOutsideOfPackages(actionOrEngine)
        .should().dependOnClassesThat().resideInAnyPackage(engines)
        .check(CLASSES);
  }

  @Test
  void classesThatServeTheEnginesStayInsideSpark() {
    noClasses().that().resideOutsideOfPackages("io.driftlake.spark..")
        .should().dependOnClassesThat().resideInAnyPackage(ENGINE_PACKAGES)
        .check(CLASSES);
  }

  /**
   * Every public class of ours in the cluster jar (every {@code io.driftlake} class of the main
   * sources, nested ones included when reachable) names no Scala type in a public or protected
   * signature: method parameters and returns, constructors, fields, and the types it extends.
   */
  @Test
  void publicSurfaceNamesNoScalaType() throws Exception {
    List<String> offenders = new ArrayList<>();
    int checked = 0;
    for (com.tngtech.archunit.core.domain.JavaClass javaClass : CLASSES) {
      Class<?> type = Class.forName(javaClass.getName(), false, ArchitectureTest.class.getClassLoader());
      if (!reachable(type)) {
        continue;
      }
      checked++;
      List<Type> types = new ArrayList<>();
      if (type.getGenericSuperclass() != null) {
        types.add(type.getGenericSuperclass());
      }
      types.addAll(List.of(type.getGenericInterfaces()));
      for (Method method : type.getDeclaredMethods()) {
        if (visible(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
          types.addAll(List.of(method.getGenericParameterTypes()));
          types.add(method.getGenericReturnType());
        }
      }
      for (java.lang.reflect.Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (visible(constructor.getModifiers()) && !constructor.isSynthetic()) {
          types.addAll(List.of(constructor.getGenericParameterTypes()));
        }
      }
      for (java.lang.reflect.Field field : type.getDeclaredFields()) {
        if (visible(field.getModifiers()) && !field.isSynthetic()) {
          types.add(field.getGenericType());
        }
      }
      for (Type t : types) {
        if (t.getTypeName().matches("(?s).*\\bscala\\..*")) {
          offenders.add(type.getName() + ": " + t.getTypeName());
        }
      }
    }
    assertThat(checked).as("public classes checked").isGreaterThan(50);
    assertThat(offenders).isEmpty();
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  /** A public class whose enclosing classes are public too: callers outside its package can name it. */
  private static boolean reachable(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
        return false;
      }
    }
    return true;
  }
}
