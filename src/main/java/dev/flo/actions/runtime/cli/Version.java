package dev.flo.actions.runtime.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version and image, from {@code flo-actions.properties} (filtered by Maven). */
public final class Version {
  public static final String VERSION;
  public static final String IMAGE;

  static {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/flo-actions.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // Fall through to the defaults below; only --help and metadata use these.
    }
    VERSION = p.getProperty("version", "dev");
    IMAGE = p.getProperty("image", "ghcr.io/flo-actions/flo-actions");
  }

  private Version() {}
}
