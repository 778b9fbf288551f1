package dev.flo.actions.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresConnectionTest {
  @Test
  void parsesAUrlAndKeepsThePasswordOutOfEverythingPrintable() {
    var c = PostgresConnection.parse("postgresql://app:p%40ss%2Fw0rd@db.example.com:6543/shop?sslmode=require&application_name=x");
    assertThat(c.host()).isEqualTo("db.example.com");
    assertThat(c.port()).isEqualTo(6543);
    assertThat(c.database()).isEqualTo("shop");
    assertThat(c.user()).isEqualTo("app");
    assertThat(c.password().reveal()).isEqualTo("p@ss/w0rd");
    assertThat(c.display()).isEqualTo("postgres://app@db.example.com:6543/shop").doesNotContain("w0rd");
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/shop?sslmode=require").doesNotContain("w0rd");
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
  void defaultsPortAndDatabase() {
    var c = PostgresConnection.parse("postgres://app@localhost");
    assertThat(c.port()).isEqualTo(5432);
    assertThat(c.database()).isEqualTo("app");
    assertThat(c.libpqEnvironment()).doesNotContainKey("PGPASSWORD");
  }

  @Test
  void sameDatabaseIgnoresCredentials() {
    var a = PostgresConnection.parse("postgres://a:x@Host:5432/db");
    assertThat(a.sameDatabaseAs(PostgresConnection.parse("postgres://b:y@host/db"))).isTrue();
    assertThat(a.sameDatabaseAs(PostgresConnection.parse("postgres://a:x@host/db_scratch"))).isFalse();
  }

  @Test
  void rejectsWhatIsNotAPostgresUrl() {
    assertThatThrownBy(() -> PostgresConnection.parse("mysql://a@h/db")).hasMessageContaining("postgres://");
    assertThatThrownBy(() -> PostgresConnection.parse("postgres:///db")).hasMessageContaining("no host");
    assertThatThrownBy(() -> PostgresConnection.parse("postgres://host/db")).hasMessageContaining("no user");
  }
}
