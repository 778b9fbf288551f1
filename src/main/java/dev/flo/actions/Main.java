package dev.flo.actions;

import dev.flo.actions.runtime.Clock;
import dev.flo.actions.runtime.Launcher;
import dev.flo.actions.runtime.Utf8Process;
import dev.flo.actions.runtime.metadata.ActionMetadata;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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
    if (Utf8Process.needed(System.getenv())) {
      System.exit(Utf8Process.restart());
    }
    int code =
        new Launcher(Steps.ALL, out, Clock.SYSTEM, Launcher.randomDelimiters())
            .onTerminal(System.console() != null && System.console().isTerminal())
            .run(args, System.getenv());
    out.flush();
    System.exit(code);
  }
}
