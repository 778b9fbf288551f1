package dev.flo.actions.step.lintgate.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Streams the findings of one report file to a sink, without holding the whole report in memory.
 */
@FunctionalInterface
public interface ReportReader {
  void read(Path file, Consumer<Finding> sink) throws IOException, ReportException;
}
