package dev.flo.actions;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Launcher;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.runtime.Utf8Process;
import dev.flo.actions.runtime.http.TlsGroups;
import dev.flo.actions.runtime.metadata.ActionMetadata;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The process entry point: the container's and the command line's. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    PrintStream out =
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    if (args.length >= 2 && args[0].equals("generate-metadata")) {
      // generate-metadata <repo root> [--image-digest sha256:...]: the release pins every
      // action.yml by digest.
      String image = ActionMetadata.imageRef();
      if (args.length == 4 && args[2].equals("--image-digest")) {
        image = ActionMetadata.imageRef(args[3]);
      } else if (args.length != 2) {
        out.println("usage: generate-metadata <repository root> [--image-digest sha256:<hex>]");
        System.exit(2);
      }
      new ActionMetadata(image)
          .write(Path.of(args[1]), Steps.ALL, Steps.TOP_LEVEL)
          .forEach(p -> out.println("wrote " + p));
      return;
    }
    // Before anything sets up TLS: the key shares a TLS client offers first (see TlsGroups).
    TlsGroups.apply();
    if (Utf8Process.needed(System.getenv())) {
      System.exit(Utf8Process.restart());
    }
    // Only the named step's definition is built (the command line's own rule: the first argument,
    // else INPUT_STEP); anything else (help, a wrong name) gets every step, to list them.
    String named =
        args.length > 0 ? args[0] : System.getenv().getOrDefault("INPUT_STEP", "").strip();
    StepDefinition one = Steps.ByName.find(named).orElse(null);
    List<StepDefinition> steps = one == null ? Steps.ALL : List.of(one);
    int code =
        new Launcher(steps, out, Clock.SYSTEM, Launcher.randomDelimiters())
            .onTerminal(System.console() != null && System.console().isTerminal())
            .run(args, System.getenv());
    out.flush();
    System.exit(code);
  }
}
