package dev.flo.actions.step.lintgate;

import dev.flo.actions.step.lintgate.report.Finding;
import dev.flo.actions.step.lintgate.report.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Counts findings as they stream past and keeps, within fixed bounds, only what the annotations and
 * the summary show: the best few per level, a capped list of counted findings, and per file and
 * rule totals. A report with 100,000 findings costs the same memory as one with a thousand.
 */
final class FindingTally {
  /** Counted findings listed one by one in the summary; the rest are in the per-file totals. */
  static final int LISTED = 1000;

  /** Distinct (file, rule) groups kept; later ones are added to one "other" row. */
  static final int GROUPS = 5000;

  /** A counted finding with its placement and arrival order. */
  record Ranked(Finding finding, Placement placement, long seq) {}

  /** Totals of one file and rule. */
  record Group(String file, String rule, int[] all, int[] counted) {}

  private static final Comparator<Ranked> BEST_FIRST =
      Comparator.comparing((Ranked r) -> r.finding().severity())
          .thenComparing(Ranked::placement)
          .thenComparingLong(Ranked::seq);

  private final int annotationBudget;

  /**
   * The best few of each severity, indexed by its ordinal as {@code all} and {@code counted} are.
   */
  private final List<PriorityQueue<Ranked>> forAnnotations;

  private final PriorityQueue<Ranked> listed = new PriorityQueue<>(BEST_FIRST.reversed());
  private final Map<String, Map<String, Group>> groups = new TreeMap<>();
  private final Group other = new Group("(other files)", "(other rules)", new int[3], new int[3]);
  private final int[] all = new int[3];
  private final int[] counted = new int[3];
  private int groupCount;
  private long seq;

  FindingTally(int annotationBudget) {
    this.annotationBudget = annotationBudget;
    List<PriorityQueue<Ranked>> queues = new ArrayList<>();
    for (int i = 0; i < Severity.values().length; i++) {
      queues.add(new PriorityQueue<>(BEST_FIRST.reversed()));
    }
    this.forAnnotations = List.copyOf(queues);
  }

  void add(Finding f, Placement placement, boolean counts) {
    int s = f.severity().ordinal();
    all[s]++;
    Group g = group(f);
    g.all()[s]++;
    if (!counts) {
      return;
    }
    counted[s]++;
    g.counted()[s]++;
    Ranked r = new Ranked(f, placement, seq++);
    keepBest(forAnnotations.get(s), r, annotationBudget);
    keepBest(listed, r, LISTED);
  }

  private static void keepBest(PriorityQueue<Ranked> worstFirst, Ranked r, int limit) {
    if (limit <= 0) {
      return;
    }
    if (worstFirst.size() < limit) {
      worstFirst.add(r);
    } else if (BEST_FIRST.compare(r, worstFirst.peek()) < 0) {
      worstFirst.poll();
      worstFirst.add(r);
    }
  }

  private Group group(Finding f) {
    String file = f.path() == null ? "(no file)" : f.path();
    Map<String, Group> byRule = groups.get(file);
    Group g = byRule == null ? null : byRule.get(f.rule());
    if (g != null) {
      return g;
    }
    if (groupCount >= GROUPS) {
      return other;
    }
    groupCount++;
    g = new Group(file, f.rule(), new int[3], new int[3]);
    groups.computeIfAbsent(file, k -> new HashMap<>()).put(f.rule(), g);
    return g;
  }

  int all(Severity s) {
    return all[s.ordinal()];
  }

  int counted(Severity s) {
    return counted[s.ordinal()];
  }

  int total() {
    return all[0] + all[1] + all[2];
  }

  int countedTotal() {
    return counted[0] + counted[1] + counted[2];
  }

  /** The findings to annotate for one level, best first. */
  List<Ranked> annotations(Severity s) {
    List<Ranked> out = new ArrayList<>(forAnnotations.get(s.ordinal()));
    out.sort(BEST_FIRST);
    return out;
  }

  /** The listed counted findings, in file and line order. */
  List<Ranked> listed() {
    List<Ranked> out = new ArrayList<>(listed);
    out.sort(
        Comparator.comparing((Ranked r) -> r.finding().path() == null ? "" : r.finding().path())
            .thenComparingInt(r -> r.finding().line())
            .thenComparingLong(Ranked::seq));
    return out;
  }

  /**
   * Per file and rule totals, files in name order, rules by most findings; the overflow row last.
   */
  List<Group> groups() {
    List<Group> out = new ArrayList<>();
    for (Map<String, Group> byRule : groups.values()) {
      byRule.values().stream()
          .sorted(
              Comparator.comparingInt((Group g) -> -(g.all()[0] + g.all()[1] + g.all()[2]))
                  .thenComparing(Group::rule))
          .forEach(out::add);
    }
    if (other.all()[0] + other.all()[1] + other.all()[2] > 0) {
      out.add(other);
    }
    return out;
  }

  /** Number of files with at least one finding (files past the group cap are not counted). */
  int files() {
    return groups.size();
  }
}
