package dev.flo.actions.runtime.runner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a step's annotations and emits them at the end, spending the runner's budget of ten per
 * level on the most important (lowest rank) first. The runner drops the rest silently, so we count
 * them in the summary.
 */
public final class Annotations {
  /** runner {@code ExecutionContext._maxCountPerIssueType}. */
  public static final int BUDGET_PER_LEVEL = 10;

  private final List<Annotation> all = new ArrayList<>();

  public synchronized void add(Annotation a) {
    all.add(a);
  }

  public synchronized List<Annotation> all() {
    return List.copyOf(all);
  }

  /** The annotations that fit in the budget, errors first, each level in rank order (stable). */
  public synchronized List<Annotation> toEmit() {
    List<Annotation> out = new ArrayList<>();
    for (Annotation.Level level : Annotation.Level.values()) {
      all.stream()
          .filter(a -> a.level() == level)
          .sorted(Comparator.comparingInt(Annotation::rank))
          .limit(BUDGET_PER_LEVEL)
          .forEach(out::add);
    }
    return out;
  }

  /** How many annotations per level did not fit in the budget. */
  public synchronized Map<Annotation.Level, Integer> overflow() {
    Map<Annotation.Level, Integer> counts = new EnumMap<>(Annotation.Level.class);
    for (Annotation.Level level : Annotation.Level.values()) {
      long n = all.stream().filter(a -> a.level() == level).count();
      if (n > BUDGET_PER_LEVEL) {
        counts.put(level, (int) (n - BUDGET_PER_LEVEL));
      }
    }
    return counts;
  }

  public synchronized long count(Annotation.Level level) {
    return all.stream().filter(a -> a.level() == level).count();
  }
}
