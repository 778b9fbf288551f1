package dev.flo.actions;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.NullMarked;

/**
 * The house rules of docs/design.md, held against the compiled production classes: the layers,
 * steps that do not reach into each other, who reads the environment and ends the process, and
 * which packages NullAway checks.
 */
@AnalyzeClasses(packages = "dev.flo.actions", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  private static final String ROOT = "dev.flo.actions";

  /**
   * step → provider → runtime, one way. The root package (Main, Steps, AotTraining) wires the steps
   * together and is used by none of them.
   */
  @ArchTest
  static final ArchRule layers =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Wiring")
          .definedBy(
              describe(
                  "the root package " + ROOT, (JavaClass c) -> c.getPackageName().equals(ROOT)))
          .layer("Step")
          .definedBy(ROOT + ".step..")
          .layer("Provider")
          .definedBy(ROOT + ".provider..")
          .layer("Runtime")
          .definedBy(ROOT + ".runtime..")
          .whereLayer("Wiring")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("Step")
          .mayOnlyBeAccessedByLayers("Wiring")
          .whereLayer("Provider")
          .mayOnlyBeAccessedByLayers("Wiring", "Step")
          .whereLayer("Runtime")
          .mayOnlyBeAccessedByLayers("Wiring", "Step", "Provider");

  /**
   * No step package uses another. The allowances: {@code step.common} is not a step but the
   * deployment vocabulary deploy-backend, deploy-frontend and rollback share (one provider type,
   * one input group, one GitHub-deployment wrapper, one place for provider advice), so any step may
   * use it; {@code step.compose} is the Compose rollout both {@code deploy-backend} and {@code
   * rollback} run and report the same way (their Compose inputs and {@code ComposeRun}), so those
   * two may use it. The {@code deploy} orchestrator reaches the other steps only through the {@code
   * StepDefinition}s that {@link Steps} hands it, never by importing them.
   */
  @ArchTest
  static final ArchRule steps_do_not_use_each_other =
      slices()
          .matching(ROOT + ".step.(*)..")
          .should()
          .notDependOnEachOther()
          .ignoreDependency(
              resideInAnyPackage(ROOT + ".step.deploybackend..", ROOT + ".step.rollback.."),
              resideInAPackage(ROOT + ".step.compose.."))
          .ignoreDependency(
              resideInAPackage(ROOT + ".step.."), resideInAPackage(ROOT + ".step.common.."));

  /** Only the entry points read the process environment; everything else receives it. */
  @ArchTest
  static final ArchRule only_entry_points_read_the_environment =
      noClasses()
          .that(entryPoints().negate())
          .should()
          .callMethod(System.class, "getenv")
          .orShould()
          .callMethod(System.class, "getenv", String.class)
          .because(
              "steps get their inputs and environment from the Launcher, so tests can hand them any");

  /**
   * Only the entry points end the process; a step reports its failure and the launcher picks the
   * exit code.
   */
  @ArchTest
  static final ArchRule only_entry_points_exit =
      noClasses()
          .that(entryPoints().negate())
          .should()
          .callMethod(System.class, "exit", int.class)
          .orShould()
          .callMethod(Runtime.class, "halt", int.class)
          .because(
              "outputs are written and the summary flushed before the launcher returns the exit code");

  /** Every production package is {@code @NullMarked}, so NullAway checks all of it. */
  @ArchTest
  static void every_package_is_null_marked(JavaClasses classes) {
    Set<String> unmarked = new TreeSet<>();
    for (JavaPackage p : packages(classes)) {
      if (!p.isAnnotatedWith(NullMarked.class)) {
        unmarked.add(p.getName());
      }
    }
    assertThat(unmarked)
        .as(
            "packages without `@NullMarked` in their package-info.java (add one: see docs/contributing.md)")
        .isEmpty();
  }

  private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> entryPoints() {
    // AotTraining is the image build's entry point: it replays what -jar does before the launcher
    // (the locale check).
    List<String> names =
        List.of(ROOT + ".Main", ROOT + ".Boot", ROOT + ".AotTraining", ROOT + ".runtime.Launcher");
    return describe(
        "an entry point (Main, Boot, AotTraining, Launcher)",
        (JavaClass c) ->
            names.contains(c.getName())
                || names.stream().anyMatch(n -> c.getName().startsWith(n + "$")));
  }

  private static Set<JavaPackage> packages(JavaClasses classes) {
    Set<JavaPackage> result = new java.util.LinkedHashSet<>();
    for (JavaClass c : classes) {
      if (c.getPackageName().startsWith(ROOT)) {
        result.add(c.getPackage());
      }
    }
    return result;
  }
}
