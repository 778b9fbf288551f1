package dev.flo.actions.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * libpq URLs become credential-free JDBC URLs and libpq environments, and pooler endpoints are
 * recognised.
 */
class PostgresConnectionTest {
  @Test
  void parsesAUrlAndKeepsThePasswordOutOfEverythingPrintable() {
    var c =
        PostgresConnection.parse(
            "postgresql://app:p%40ss%2Fw0rd@db.example.com:6543/shop?sslmode=require&application_name=x");
    assertThat(c.host()).isEqualTo("db.example.com");
    assertThat(c.port()).isEqualTo(6543);
    assertThat(c.database()).isEqualTo("shop");
    assertThat(c.user()).isEqualTo("app");
    assertThat(c.password().reveal()).isEqualTo("p@ss/w0rd");
    assertThat(c.display())
        .isEqualTo("postgres://app@db.example.com:6543/shop")
        .doesNotContain("w0rd");
    assertThat(c.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.example.com:6543/shop?sslmode=require")
        .doesNotContain("w0rd");
    assertThat(c.toString()).doesNotContain("w0rd");
    assertThat(c.libpqEnvironment())
        .containsEntry("PGHOST", "db.example.com")
        .containsEntry("PGPORT", "6543")
        .containsEntry("PGUSER", "app")
        .containsEntry("PGDATABASE", "shop")
        .containsEntry("PGPASSWORD", "p@ss/w0rd")
        .containsEntry("PGSSLMODE", "require")
        .containsEntry("PGAPPNAME", "x");
  }

  @Test
  void credentialsLeaveTheUrlAndPrismaParametersStayOurs() {
    var url =
        PostgresConnection.parse(
            "jdbc:postgresql://app%40prod:p%40ss%2Fw0rd@db.example.com/shop?sslmode=require&schema=app&connection_limit=1");
    assertThat(url.user()).isEqualTo("app@prod");
    assertThat(url.password().reveal()).isEqualTo("p@ss/w0rd");
    assertThat(url.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.example.com:5432/shop?sslmode=require");
    assertThat(url.schema()).contains("app");
    assertThat(url.toString()).doesNotContain("w0rd");
    assertThat(url.poolerReason()).isEmpty();
  }

  @Test
  void transactionPoolersAreRecognised() {
    assertThat(
            PostgresConnection.parse(
                    "postgres://u:p@aws-0-eu-central-1.pooler.supabase.com:6543/postgres")
                .poolerReason())
        .hasValueSatisfying(r -> assertThat(r).contains("6543"));
    assertThat(
            PostgresConnection.parse(
                    "postgres://u:p@ep-cool-1234-pooler.eu-central-1.aws.neon.tech/neondb")
                .poolerReason())
        .hasValueSatisfying(r -> assertThat(r).contains("pooler"));
    assertThat(
            PostgresConnection.parse("postgres://u:p@db.internal:5432/app?pgbouncer=true")
                .poolerReason())
        .hasValueSatisfying(r -> assertThat(r).contains("pgbouncer=true"));
    assertThat(
            PostgresConnection.parse(
                    "postgres://u:p@ep-cool-1234.eu-central-1.aws.neon.tech/neondb")
                .poolerReason())
        .isEmpty();
  }

  @Test
  void defaultsPortAndDatabase() {
    var c = PostgresConnection.parse("postgres://app@localhost");
    assertThat(c.port()).isEqualTo(5432);
    assertThat(c.database()).isEqualTo("app");
    assertThat(c.libpqEnvironment()).doesNotContainKey("PGPASSWORD");
  }

  @Test
  void anIpv6HostKeepsOnePairOfBrackets() {
    var c = PostgresConnection.parse("postgres://app:pw@[::1]:5433/shop");
    assertThat(c.host()).isEqualTo("::1");
    assertThat(c.libpqEnvironment()).containsEntry("PGHOST", "::1");
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/shop");
    assertThat(c.display()).isEqualTo("postgres://app@[::1]:5433/shop");
  }

  @Test
  void sameDatabaseIgnoresCredentials() {
    var a = PostgresConnection.parse("postgres://a:x@Host:5432/db");
    assertThat(a.sameDatabaseAs(PostgresConnection.parse("postgres://b:y@host/db"))).isTrue();
    assertThat(a.sameDatabaseAs(PostgresConnection.parse("postgres://a:x@host/db_scratch")))
        .isFalse();
  }

  @Test
  void rejectsWhatIsNotAPostgresUrl() {
    assertThatThrownBy(() -> PostgresConnection.parse("mysql://a@h/db"))
        .hasMessageContaining("postgres://");
    assertThatThrownBy(() -> PostgresConnection.parse("postgres:///db"))
        .hasMessageContaining("no host");
    assertThatThrownBy(() -> PostgresConnection.parse("postgres://host/db"))
        .hasMessageContaining("no user");
  }
}
