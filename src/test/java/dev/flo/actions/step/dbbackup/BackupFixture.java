package dev.flo.actions.step.dbbackup;

import dev.flo.actions.provider.postgres.PostgresClients;
import dev.flo.actions.provider.postgres.PostgresTestServer;
import dev.flo.actions.provider.s3.S3TestServer;
import dev.flo.actions.runtime.StepDefinition;
import dev.flo.actions.testing.InstalledPostgresClients;
import dev.flo.actions.testing.StepHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Databases with known content, fingerprints to compare them, and harnesses wired to the local S3
 * server.
 */
final class BackupFixture {
  static final String BUCKET = "backups";
  static final List<String> TABLES =
      List.of("public.customers", "public.orders", "audit.\"Event Log\"", "public.empty_table");

  private BackupFixture() {}

  /**
   * A new database with four tables (one empty, one in another schema with an awkward name);
   * returns its URL.
   */
  static String seededDatabase(String hint, int customers) {
    String url = PostgresTestServer.createDatabase(hint);
    PostgresTestServer.execute(
        name(url),
        "create table customers (id bigserial primary key, name text not null, email text unique, created_at timestamptz not null default '2026-01-01')",
        "insert into customers(name, email) select 'name ' || g, 'c' || g || '@example.com' from generate_series(1, "
            + customers
            + ") g",
        "create table orders (id bigserial primary key, customer_id bigint references customers, total numeric(12,2), payload bytea)",
        "insert into orders(customer_id, total, payload) select (g % "
            + customers
            + ") + 1, g * 1.5, decode(md5(g::text), 'hex') from generate_series(1, "
            + (4 * customers)
            + ") g",
        "create schema audit",
        "create table audit.\"Event Log\" (id int, note text)",
        "insert into audit.\"Event Log\" select g, 'it''s event ' || g from generate_series(1, 10) g",
        "create table empty_table (id int)");
    return url;
  }

  static String name(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  /**
   * Each table's row count and an md5 of its rows in a stable order: equal fingerprints mean equal
   * data.
   */
  static Map<String, String> fingerprint(String url) {
    Map<String, String> fp = new LinkedHashMap<>();
    for (String table : TABLES) {
      fp.put(
          table,
          PostgresTestServer.query(
              name(url),
              "select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from "
                  + table
                  + " t"));
    }
    return fp;
  }

  static StepHarness backup(StepDefinition def, Path tmp, S3TestServer s3) {
    return withS3(new StepHarness(def, tmp), s3);
  }

  static StepHarness backup(Path tmp, S3TestServer s3) {
    return backup(DbBackupStep.definition(InstalledPostgresClients.clients(), null), tmp, s3);
  }

  static StepHarness restore(Path tmp, S3TestServer s3) {
    return withS3(
        new StepHarness(DbRestoreStep.definition(InstalledPostgresClients.clients(), null), tmp),
        s3);
  }

  private static StepHarness withS3(StepHarness h, S3TestServer s3) {
    return h.input("s3-endpoint", s3.endpoint().toString())
        .env("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY);
  }

  /**
   * A client root ({@code <root>/15/bin}, the test server's major) whose pg_dump is {@code script}
   * (a shell body) and whose pg_restore and psql are the installed ones; the script sees pg_dump's
   * arguments and environment.
   */
  static PostgresClients fakeClients(Path root, String script) throws IOException {
    Path bin = Files.createDirectories(root.resolve("15/bin"));
    script(bin.resolve("pg_dump"), script);
    script(
        bin.resolve("pg_restore"),
        "exec " + InstalledPostgresClients.tool("pg_restore") + " \"$@\"");
    script(bin.resolve("psql"), "exec " + InstalledPostgresClients.tool("psql") + " \"$@\"");
    return new PostgresClients(root);
  }

  static void script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
