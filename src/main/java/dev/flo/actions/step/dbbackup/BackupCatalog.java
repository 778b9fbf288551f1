package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.s3.ObjectStore;
import dev.flo.actions.provider.s3.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The backups under one prefix, from a full listing (every page) of its direct children. A backup
 * is named {@code <UTC stamp>-<database>}: its dump is {@code <name>.pgdump[.zst|.gz]} and its
 * manifest {@code <name>.manifest.json}; the stamp orders them and dates them for retention.
 */
public final class BackupCatalog {
  static final String DUMP = ".pgdump";
  static final String MANIFEST = ".manifest.json";
  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final int STAMP_LENGTH = 16;

  private final ObjectStore store;
  private final String prefix;

  public BackupCatalog(ObjectStore store, String prefix) {
    this.store = store;
    this.prefix = prefix;
  }

  /**
   * One backup: its manifest, and its dump when the dump exists; a stray dump has no manifest (null
   * key).
   */
  public record Entry(
      String name,
      Instant createdAt,
      @Nullable String manifestKey,
      @Nullable String dumpKey,
      long sizeBytes) {
    public boolean complete() {
      return dumpKey != null && manifestKey != null;
    }

    boolean stray() {
      return manifestKey == null;
    }
  }

  /** The name of a new backup of {@code database} taken at {@code at}. */
  public static String name(Instant at, String database) {
    return STAMP.format(at) + "-" + database.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  public String dumpKey(String name, Compression compression) {
    return prefix + name + DUMP + compression.extension();
  }

  public String manifestKey(String name) {
    return prefix + name + MANIFEST;
  }

  /**
   * Every backup that has a manifest, newest first. A dump without one (a failed restore check) is
   * not a backup.
   */
  public List<Entry> entries() throws IOException {
    return scan().stream().filter(e -> !e.stray()).toList();
  }

  /**
   * What retention looks at: every backup, and every dated dump without a manifest, newest first.
   */
  public List<Entry> retentionCandidates() throws IOException {
    return scan();
  }

  private List<Entry> scan() throws IOException {
    Map<String, StoredObject> dumps = new HashMap<>();
    List<StoredObject> manifests = new ArrayList<>();
    for (StoredObject o : store.list(prefix)) {
      String rel = o.key().substring(prefix.length());
      if (rel.endsWith(MANIFEST)) {
        manifests.add(o);
      } else if (rel.contains(DUMP)) {
        dumps.put(rel.substring(0, rel.lastIndexOf(DUMP)), o);
      }
    }
    List<Entry> entries = new ArrayList<>();
    for (StoredObject m : manifests) {
      String name = m.key().substring(prefix.length(), m.key().length() - MANIFEST.length());
      Instant created = createdAt(name);
      if (created != null) {
        StoredObject dump = dumps.remove(name);
        entries.add(
            new Entry(
                name,
                created,
                m.key(),
                dump == null ? null : dump.key(),
                dump == null ? 0 : dump.size()));
      }
    }
    for (Map.Entry<String, StoredObject> d : dumps.entrySet()) {
      Instant created = createdAt(d.getKey());
      if (created != null) {
        entries.add(new Entry(d.getKey(), created, null, d.getValue().key(), d.getValue().size()));
      }
    }
    entries.sort(Comparator.comparing(Entry::createdAt).thenComparing(Entry::name).reversed());
    return entries;
  }

  /** The newest complete backup. */
  public Optional<Entry> latest() throws IOException {
    return entries().stream().filter(Entry::complete).findFirst();
  }

  /**
   * A manifest that was read but is not one db-backup wrote: damaged, cut off, replaced or absurdly
   * large.
   */
  static final class DamagedManifest extends Exception {
    DamagedManifest(String reason, @Nullable Throwable cause) {
      super(reason, cause);
    }
  }

  /** The most a manifest may hold: row counts for 100,000 tables take about 6 MiB. */
  static final int MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

  /**
   * Reads the manifest at {@code manifestKey}; store trouble is an {@link IOException}, content
   * trouble a {@link DamagedManifest}.
   */
  public BackupManifest manifest(String manifestKey) throws IOException, DamagedManifest {
    byte[] bytes;
    try (InputStream in = store.open(manifestKey)) {
      bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
    }
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw new DamagedManifest(
          "it is larger than " + MAX_MANIFEST_BYTES / (1024 * 1024) + " MiB", null);
    }
    try {
      return BackupManifest.parse(bytes);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      var loc = e.getLocation();
      throw new DamagedManifest(
          "it is not valid manifest JSON"
              + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
              + ": "
              + e.getOriginalMessage(),
          e);
    }
  }

  /**
   * What retention removes: complete backups older than {@code days}, except the newest {@code
   * keepMin} (and never {@code keep}, the backup just taken, null in a dry run); a manifest whose
   * dump is gone, and a dump left without a manifest (a failed restore check keeps it for
   * inspection), go once they are that old too, and never count as kept.
   */
  public static List<Entry> expired(
      List<Entry> newestFirst, Instant now, int days, int keepMin, @Nullable String keep) {
    Instant cutoff = now.minus(Duration.ofDays(days));
    List<Entry> expired = new ArrayList<>();
    int kept = 0;
    for (Entry e : newestFirst) {
      if (e.complete() && (kept < keepMin || e.name().equals(keep))) {
        kept++;
      } else if (e.createdAt().isBefore(cutoff) && !e.name().equals(keep)) {
        expired.add(e);
      }
    }
    return expired;
  }

  /**
   * Deletes a backup: the dump first, so an interrupted delete leaves a manifest that the next run
   * removes.
   */
  public void delete(Entry entry) throws IOException {
    if (entry.dumpKey() != null) {
      store.delete(entry.dumpKey());
    }
    if (entry.manifestKey() != null) {
      store.delete(entry.manifestKey());
    }
  }

  static @Nullable Instant createdAt(String name) {
    if (name.length() < STAMP_LENGTH) {
      return null;
    }
    try {
      return Instant.from(STAMP.parse(name.substring(0, STAMP_LENGTH)));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
