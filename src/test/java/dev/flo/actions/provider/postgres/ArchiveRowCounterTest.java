package dev.flo.actions.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The counts read from a real pg_dump's archive against {@code count(*)} in the same snapshot, on
 * tables made to trip a newline counter: newlines, backslashes and {@code \.} inside values,
 * zero-column rows, empty tables, partitions, odd names, large objects, a materialized view.
 */
class ArchiveRowCounterTest {
  private static String url;
  private static String database;
  private static byte[] archive;
  private static Map<String, Long> counted;

  @BeforeAll
  static void dump() throws Exception {
    url = PostgresTestServer.createDatabase("rowcounter");
    database = url.substring(url.lastIndexOf('/') + 1);
    PostgresTestServer.execute(
        database,
        "create schema \"we\"\"ird\"",
        "create table \"we\"\"ird\".\"Tab le\" (id int, t text)",
        "insert into \"we\"\"ird\".\"Tab le\" select g, E'line\\nbreak\\\\ and \\r cr \\\\.\\n\\\\.' from generate_series(1, 7) g",
        "create table ends_in_marker (t text)",
        "insert into ends_in_marker values (E'\\\\.'), (E'x\\n\\\\.'), ('.'), (E'\\\\')",
        "create table empty_one (id int)",
        "create table p (id int, k int) partition by range (k)",
        "create table p1 partition of p for values from (0) to (10)",
        "create table p2 partition of p for values from (10) to (20)",
        "insert into p select g, g % 20 from generate_series(1, 33) g",
        "create table b (x bytea, j jsonb)",
        "insert into b select decode('00ff0a0d5c2e', 'hex'), '{\"a\": \"x\\ny\"}' from generate_series(1, 5)",
        "create table nocol ()",
        "insert into nocol select from generate_series(1, 40)",
        "create table big (id int, payload text)",
        "insert into big select g, repeat(md5(g::text), 1 + g % 50) from generate_series(1, 20000) g",
        "select lo_from_bytea(0, convert_to(E'hello\\nworld\\n', 'UTF8'))",
        "create materialized view mv as select * from b",
        "create unlogged table u (a int)",
        "insert into u values (1), (2), (3)");
    PostgresConnection source = PostgresConnection.parse(url);
    var tools =
        new PostgresClients(PostgresClients.DEBIAN_ROOT).forServer(new ServerVersion(150000, "15"));
    try (PostgresDatabase db = PostgresDatabase.open(source)) {
      String snapshot = db.exportSnapshot();
      var out = new ByteArrayOutputStream();
      try (ToolProcess dump = PgDump.start(tools, source, snapshot)) {
        dump.stdout().transferTo(out);
        assertThat(dump.waitFor()).as(dump.stderr()).isZero();
      }
      archive = out.toByteArray();
      counted = db.rowCounts();
      db.endTransaction();
    }
  }

  private static ArchiveRowCounter feed(byte[] bytes, int chunk) throws Exception {
    ArchiveRowCounter counter = new ArchiveRowCounter();
    var seen = new ByteArrayOutputStream();
    try (OutputStream out = counter.watching(seen)) {
      for (int i = 0; i < bytes.length; i += chunk) {
        out.write(bytes, i, Math.min(chunk, bytes.length - i));
      }
    }
    assertThat(seen.toByteArray()).isEqualTo(bytes);
    return counter;
  }

  @Test
  void countsEveryTableAsCountStarDoesInTheSameSnapshotWhateverTheWriteSizes() throws Exception {
    assertThat(counted)
        .containsEntry("we\"ird.Tab le", 7L)
        .containsEntry("public.ends_in_marker", 4L)
        .containsEntry("public.nocol", 40L)
        .containsEntry("public.empty_one", 0L)
        .containsEntry("public.big", 20000L)
        .hasSize(9);
    for (int chunk : new int[] {1, 2, 3, 7, 100, 4096, 1 << 16, archive.length}) {
      ArchiveRowCounter counter = feed(archive, chunk);
      assertThat(counter.failure()).as("chunk %d", chunk).isEmpty();
      assertThat(counter.rowCounts()).as("chunk %d", chunk).contains(counted);
    }
  }

  @Test
  void randomWriteSizesGiveTheSameCounts() throws Exception {
    Random random = new Random(14);
    ArchiveRowCounter counter = new ArchiveRowCounter();
    try (OutputStream out = counter.watching(OutputStream.nullOutputStream())) {
      for (int i = 0; i < archive.length; ) {
        int n = Math.min(1 + random.nextInt(20000), archive.length - i);
        out.write(archive, i, n);
        i += n;
      }
    }
    assertThat(counter.rowCounts()).contains(counted);
  }

  @Test
  void theDatabaseTakesTheArchivesCountsAndCountsOnlyTheMissingTables() throws Exception {
    try (PostgresDatabase db = PostgresDatabase.open(PostgresConnection.parse(url))) {
      // A wrong count for one table shows it was taken as given, not counted again.
      Map<String, Long> given = Map.of("public.big", 12L, "public.gone", 3L);
      Map<String, Long> counts = db.rowCounts(given);
      assertThat(counts).containsEntry("public.big", 12L).doesNotContainKey("public.gone");
      assertThat(counts).containsEntry("public.nocol", 40L).hasSize(counted.size());
    }
  }

  @Test
  void anArchiveCutShortGivesNoCounts() throws Exception {
    ArchiveRowCounter counter = feed(Arrays.copyOf(archive, archive.length - 5), 4096);
    assertThat(counter.rowCounts()).isEmpty();
    assertThat(counter.failure()).isPresent();
  }

  @Test
  void somethingElseGivesNoCountsAndNeverFailsTheStream() throws Exception {
    ArchiveRowCounter plain =
        feed("-- PostgreSQL database dump\n".repeat(100).getBytes(StandardCharsets.UTF_8), 10);
    assertThat(plain.rowCounts()).isEmpty();
    assertThat(plain.failure()).contains("not a custom-format archive");

    byte[] compressed = archive.clone();
    // The header's compression level (an int after magic, 3 version bytes, 3 size bytes): 6.
    compressed[5 + 3 + 3 + 1] = 6;
    ArchiveRowCounter counter = feed(compressed, 4096);
    assertThat(counter.rowCounts()).isEmpty();
    assertThat(counter.failure()).contains("the archive is compressed");
  }

  @Test
  void newlinesAreCountedExactlyAtEveryAlignment() {
    byte[] b = "a\n\nb\n\n\n\n\n\n\n\nxyz\n\n".getBytes(StandardCharsets.US_ASCII);
    for (int at = 0; at < b.length; at++) {
      long expected = 0;
      for (int i = at; i < b.length; i++) {
        expected += b[i] == '\n' ? 1 : 0;
      }
      assertThat(ArchiveRowCounter.newlines(b, at, b.length - at)).isEqualTo(expected);
    }
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    assertThat(ArchiveRowCounter.newlines(all, 0, all.length)).isEqualTo(1);
  }
}
