package dev.flo.actions;

/**
 * The jar's entry point, compiled for Java 8 so that an older {@code java} reads it: on a JVM older
 * than 25 it prints one sentence naming JDK 25 and how to point at it (instead of {@code
 * UnsupportedClassVersionError}), otherwise it hands over to {@link Main}.
 */
public final class Boot {
  static final int REQUIRED = 25;

  private Boot() {}

  public static void main(String[] args) throws Throwable {
    int feature = feature(System.getProperty("java.specification.version", "0"));
    if (feature < REQUIRED) {
      System.err.println(
          "flo-actions needs Java "
              + REQUIRED
              + " or newer, and this is Java "
              + System.getProperty("java.version")
              + " ("
              + System.getProperty("java.home")
              + "). Install a JDK or JRE 25 (for example Temurin 25) and run it"
              + " with that one: $JAVA_HOME/bin/java -jar flo-actions.jar ..., or use the container image, which"
              + " carries its own.");
      System.exit(1);
    }
    try {
      Class.forName("dev.flo.actions.Main")
          .getMethod("main", String[].class)
          .invoke(null, (Object) args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** "1.8" is 8, "17" is 17. */
  static int feature(String specification) {
    String s = specification.startsWith("1.") ? specification.substring(2) : specification;
    int dot = s.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? s : s.substring(0, dot));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
