package dev.flo.actions.provider.git;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** A set of 1-based line numbers stored as sorted, merged, inclusive ranges. */
public final class LineRanges {
  private static final LineRanges EMPTY = new LineRanges(new int[0], new int[0]);

  private final int[] starts;
  private final int[] ends;

  private LineRanges(int[] starts, int[] ends) {
    this.starts = starts;
    this.ends = ends;
  }

  public static LineRanges empty() {
    return EMPTY;
  }

  /**
   * Merges {@code ranges} (each {@code {first, last}}, inclusive, in any order, possibly
   * overlapping).
   */
  public static LineRanges of(List<int[]> ranges) {
    List<int[]> sorted = new ArrayList<>(ranges.stream().filter(r -> r[1] >= r[0]).toList());
    sorted.sort(Comparator.comparingInt(r -> r[0]));
    List<int[]> merged = new ArrayList<>();
    for (int[] r : sorted) {
      int[] last = merged.isEmpty() ? null : merged.getLast();
      if (last != null && r[0] <= last[1] + 1) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        merged.add(new int[] {r[0], r[1]});
      }
    }
    return new LineRanges(
        merged.stream().mapToInt(r -> r[0]).toArray(),
        merged.stream().mapToInt(r -> r[1]).toArray());
  }

  public boolean contains(int line) {
    int i = Arrays.binarySearch(starts, line);
    if (i >= 0) {
      return true;
    }
    int before = -i - 2;
    return before >= 0 && line <= ends[before];
  }

  /** True when any line of {@code first..last} is in the set. */
  public boolean intersects(int first, int last) {
    int i = Arrays.binarySearch(starts, last);
    int candidate = i >= 0 ? i : -i - 2;
    return candidate >= 0 && ends[candidate] >= first;
  }

  public boolean isEmpty() {
    return starts.length == 0;
  }

  /** How many lines the set holds. */
  public int size() {
    int n = 0;
    for (int i = 0; i < starts.length; i++) {
      n += ends[i] - starts[i] + 1;
    }
    return n;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < starts.length; i++) {
      sb.append(i == 0 ? "" : ",")
          .append(starts[i])
          .append(starts[i] == ends[i] ? "" : "-" + ends[i]);
    }
    return sb.toString();
  }
}
