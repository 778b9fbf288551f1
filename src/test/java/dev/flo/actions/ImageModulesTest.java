package dev.flo.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flo.actions.testing.ImageModules;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The whole suite runs on the image's modules: surefire gives every test JVM {@code
 * --limit-modules} with the Dockerfile's RUNTIME_MODULES and the test tools' few (pom.xml,
 * flo.test.modules). This test fails if that limit is lost, so a module our code needs but the
 * image lacks cannot pass the suite unseen again (java.rmi once failed every Compose deploy in the
 * image while the suite, on the full JDK, passed).
 */
class ImageModulesTest {

  @Test
  void theTestJvmSeesOnlyTheImagesModulesAndTheTestTools() throws IOException {
    Set<String> image = new TreeSet<>(Arrays.asList(ImageModules.fromDockerfile().split(",")));
    Set<String> tools =
        listed(Path.of("pom.xml"), "<flo.test.modules>([a-z.,]+)</flo.test.modules>");
    assertThat(image).contains("java.base", "java.sql", "java.rmi").doesNotContain("java.desktop");
    assertThat(tools)
        .as("test tools' modules must not be the image's")
        .doesNotContainAnyElementsOf(image);

    Set<String> allowed = closure(image);
    allowed.addAll(closure(tools));
    Set<String> booted =
        ModuleLayer.boot().modules().stream()
            .map(Module::getName)
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(booted).as("modules of this JVM (surefire's --limit-modules)").isSubsetOf(allowed);
    // Every listed module that can be resolved at all (jdk.crypto.ec is empty since JDK 22: no
    // exports, no services, so it is in the image's runtime but in no boot layer).
    Set<String> resolvable =
        image.stream()
            .filter(
                m -> {
                  ModuleDescriptor d = ModuleFinder.ofSystem().find(m).orElseThrow().descriptor();
                  return d.exports().stream().anyMatch(e -> !e.isQualified())
                      || !d.provides().isEmpty();
                })
            .collect(Collectors.toSet());
    assertThat(resolvable).contains("java.base", "java.sql", "java.rmi", "jdk.zipfs");
    assertThat(booted).containsAll(resolvable).doesNotContain("java.desktop", "java.compiler");
    assertThatThrownBy(() -> Class.forName("java.beans.Introspector"))
        .as("java.desktop's classes are not reachable")
        .isInstanceOf(ClassNotFoundException.class);
  }

  private static Set<String> listed(Path file, String regex) throws IOException {
    Matcher m = Pattern.compile(regex).matcher(Files.readString(file));
    assertThat(m.find()).as(file + " lists modules (" + regex + ")").isTrue();
    return new TreeSet<>(Arrays.asList(m.group(1).split(",")));
  }

  /** The modules and all they require, as the JVM resolves a limit (and jlink an add-modules). */
  private static Set<String> closure(Set<String> roots) {
    ModuleFinder system = ModuleFinder.ofSystem();
    Set<String> seen = new TreeSet<>();
    var todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (seen.add(name)) {
        ModuleDescriptor d =
            system
                .find(name)
                .orElseThrow(() -> new AssertionError("no module " + name + " in this JDK"))
                .descriptor();
        d.requires().forEach(r -> todo.push(r.name()));
      }
    }
    return seen;
  }
}
