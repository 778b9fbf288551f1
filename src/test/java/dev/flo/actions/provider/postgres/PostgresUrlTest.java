package dev.flo.actions.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** libpq URLs become credential-free JDBC URLs, and pooler endpoints are recognised. */
class PostgresUrlTest {
  @Test
  void credentialsLeaveTheUrlAndPrismaParametersStayOurs() {
    PostgresUrl url = PostgresUrl.parse("postgresql://app%40prod:p%40ss%2Fw0rd@db.example.com/shop?sslmode=require&schema=app&connection_limit=1");
    assertThat(url.user()).isEqualTo("app@prod");
    assertThat(url.password()).isEqualTo("p@ss/w0rd");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/shop?sslmode=require");
    assertThat(url.schema()).contains("app");
    assertThat(url.toString()).doesNotContain("w0rd");
    assertThat(url.poolerReason()).isEmpty();
  }

  @Test
  void transactionPoolersAreRecognised() {
    assertThat(PostgresUrl.parse("postgres://u:p@aws-0-eu-central-1.pooler.supabase.com:6543/postgres").poolerReason()).hasValueSatisfying(r -> assertThat(r).contains("6543"));
    assertThat(PostgresUrl.parse("postgres://u:p@ep-cool-1234-pooler.eu-central-1.aws.neon.tech/neondb").poolerReason()).hasValueSatisfying(r -> assertThat(r).contains("pooler"));
    assertThat(PostgresUrl.parse("postgres://u:p@db.internal:5432/app?pgbouncer=true").poolerReason()).hasValueSatisfying(r -> assertThat(r).contains("pgbouncer=true"));
    assertThat(PostgresUrl.parse("postgres://u:p@ep-cool-1234.eu-central-1.aws.neon.tech/neondb").poolerReason()).isEmpty();
  }

  @Test
  void otherSchemesAndMissingHostsAreRefused() {
    assertThatThrownBy(() -> PostgresUrl.parse("mysql://u:p@h/db")).hasMessageContaining("postgres://");
    assertThatThrownBy(() -> PostgresUrl.parse("postgres:///db")).hasMessageContaining("no host");
  }
}
