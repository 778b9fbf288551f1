package dev.flo.actions.provider.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHistoryTest {
  @TempDir Path dir;

  private static String lines(int n, String prefix) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(i -> prefix + i)
        .collect(Collectors.joining("\n", "", "\n"));
  }

  @Test
  void diffReportsAddedAndContextLinesOnTheNewSide() throws Exception {
    try (TestRepository repo = TestRepository.init(dir)) {
      repo.write("src/a.txt", lines(100, "line ")).write("src/gone.txt", "bye\n");
      String base = repo.commit("base");
      String old = Files.readString(dir.resolve("src/a.txt"));
      // Change line 10, insert two lines after line 50 (they become 51-52), delete line 80 (old
      // numbering).
      String changed =
          old.replace("line 10\n", "line ten\n")
              .replace("line 50\n", "line 50\nnew a\nnew b\n")
              .replace("line 80\n", "");
      repo.write("src/a.txt", changed).write("src/new.txt", "x\ny\n").delete("src/gone.txt");
      String head = repo.commit("change");

      try (GitHistory git = GitHistory.open(dir.resolve("src"))) {
        assertThat(git.workTree()).isEqualTo(dir);
        ChangedLines diff = git.diff(base, head, GitHistory.GIT_CONTEXT_LINES);
        assertThat(diff.files()).containsOnlyKeys("src/a.txt", "src/new.txt");
        var a = diff.file("src/a.txt").orElseThrow();
        assertThat(a.added().toString()).isEqualTo("10,51-52");
        assertThat(a.added().contains(10)).isTrue();
        assertThat(a.added().contains(11)).isFalse();
        // Context: 3 lines around each edit on the new side; the deletion at old 80 is new line 81
        // (after 2 inserts).
        assertThat(a.context().toString()).isEqualTo("7-13,48-55,79-84");
        assertThat(a.added().intersects(49, 51)).isTrue();
        assertThat(a.added().intersects(53, 60)).isFalse();
        assertThat(diff.file("src/new.txt").orElseThrow().added().toString()).isEqualTo("1-2");
        assertThat(diff.addedLineCount()).isEqualTo(5);
      }
    }
  }

  @Test
  void renamedFileIsKeyedByItsNewPathWithOnlyItsEditedLines() throws Exception {
    try (TestRepository repo = TestRepository.init(dir)) {
      repo.write("old/name.js", lines(40, "const v"));
      String base = repo.commit("base");
      repo.delete("old/name.js")
          .write("new/name.js", lines(40, "const v").replace("const v20\n", "const twenty\n"));
      String head = repo.commit("rename");
      try (GitHistory git = GitHistory.open(dir)) {
        ChangedLines diff = git.diff(base, head, 3);
        assertThat(diff.files()).containsOnlyKeys("new/name.js");
        assertThat(diff.file("new/name.js").orElseThrow().added().toString()).isEqualTo("20");
      }
    }
  }

  @Test
  void mergeBaseIsTheForkPointEvenAfterTheBaseMovedOn() throws Exception {
    try (TestRepository repo = TestRepository.init(dir)) {
      repo.write("a.txt", "1\n");
      String fork = repo.commit("base");
      repo.branch("feature").write("a.txt", "1\n2\n");
      String head = repo.commit("feature work");
      repo.checkout("main").write("b.txt", "other\n");
      String mainTip = repo.commit("main moved on");
      repo.checkout("feature");
      try (GitHistory git = GitHistory.open(dir)) {
        assertThat(git.head()).contains(head);
        assertThat(git.resolve("main")).contains(mainTip);
        assertThat(git.resolve("0000000000000000000000000000000000000001")).isEmpty();
        assertThat(git.mergeBase(mainTip, head)).contains(fork);
        assertThat(git.shallow()).isFalse();
        assertThat(git.depth(head, 100)).isEqualTo(2);
        assertThat(git.parents(head)).containsExactly(fork);
      }
    }
  }

  @Test
  void shallowCloneIsDetectedAndItsBoundaryHasNoParents() throws Exception {
    Path origin = dir.resolve("origin");
    String tip;
    try (TestRepository repo = TestRepository.init(origin)) {
      for (int i = 0; i < 5; i++) {
        repo.write("a.txt", "v" + i + "\n");
        repo.commit("c" + i);
      }
      tip = repo.commit("tip");
    }
    Path clone = TestRepository.shallowClone(origin, dir.resolve("clone"), 2, "main");
    try (GitHistory git = GitHistory.open(clone)) {
      assertThat(git.shallow()).isTrue();
      assertThat(git.head()).contains(tip);
      assertThat(git.depth(tip, 100)).isEqualTo(2);
      String parent = git.parents(tip).getFirst();
      assertThat(git.parents(parent)).isEmpty();
    }
  }

  @Test
  void opensAndDiffsARepositoryOwnedByAnotherUser() throws Exception {
    String base;
    String head;
    try (TestRepository repo = TestRepository.init(dir)) {
      repo.write("a.txt", "1\n2\n3\n");
      base = repo.commit("base");
      repo.write("a.txt", "1\ntwo\n3\n");
      head = repo.commit("change");
    }
    // Tests run as root like the container; the runner's checkout belongs to uid 1001. git would
    // say
    // "detected dubious ownership"; JGit must read it all the same.
    TestRepository.chown(dir, 1001);
    assertThat(Files.getOwner(dir.resolve(".git")).getName()).isNotEqualTo("root");
    try (GitHistory git = GitHistory.open(dir)) {
      assertThat(git.head()).contains(head);
      assertThat(git.diff(base, head, 3).file("a.txt").orElseThrow().added().toString())
          .isEqualTo("2");
    }
  }

  @Test
  void aFolderOutsideAnyRepositoryIsAClearError() {
    assertThatThrownBy(() -> GitHistory.open(dir))
        .isInstanceOf(GitException.class)
        .hasMessageContaining("no git repository at " + dir);
  }

  @Test
  void lineRangesMergeOverlapsAndAnswerMembership() {
    LineRanges r =
        LineRanges.of(
            List.of(
                new int[] {5, 7},
                new int[] {1, 2},
                new int[] {8, 9},
                new int[] {20, 20},
                new int[] {3, 2}));
    assertThat(r.toString()).isEqualTo("1-2,5-9,20");
    assertThat(r.size()).isEqualTo(8);
    assertThat(r.contains(4)).isFalse();
    assertThat(r.contains(9)).isTrue();
    assertThat(r.intersects(10, 19)).isFalse();
    assertThat(r.intersects(10, 20)).isTrue();
    assertThat(LineRanges.empty().contains(1)).isFalse();
  }
}
