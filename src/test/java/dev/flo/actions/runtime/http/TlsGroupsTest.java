package dev.flo.actions.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The groups every TLS client offers, held to the JDK's, and a server of any one group reached. */
class TlsGroupsTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  private static SSLContext server;
  private static SSLContext client;

  @BeforeAll
  static void identity(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-ext",
                "san=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String said = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(said).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", ks.getCertificate("server"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);
  }

  /**
   * The order is this JDK's default with P-384 moved to just ahead of P-256: nothing dropped,
   * nothing added. A JDK with other defaults fails here, so the list is looked at again.
   */
  @Test
  void isTheJdksDefaultWithP384AheadOfP256() {
    assumeThat(System.getProperty(TlsGroups.PROPERTY)).as("set in this JVM").isNull();
    List<String> jdk = new ArrayList<>(List.of(client.getDefaultSSLParameters().getNamedGroups()));
    jdk.remove("secp384r1");
    jdk.add(jdk.indexOf("secp256r1"), "secp384r1");

    assertThat(TlsGroups.ORDER.split(",")).containsExactlyElementsOf(jdk);
  }

  @Test
  void aUsersOwnGroupsWin() {
    String before = System.getProperty(TlsGroups.PROPERTY);
    assumeThat(before).as("set in this JVM").isNull();
    try {
      System.setProperty(TlsGroups.PROPERTY, "secp256r1");
      TlsGroups.apply();
      assertThat(System.getProperty(TlsGroups.PROPERTY)).isEqualTo("secp256r1");
      System.clearProperty(TlsGroups.PROPERTY);
      TlsGroups.apply();
      assertThat(System.getProperty(TlsGroups.PROPERTY)).isEqualTo(TlsGroups.ORDER);
    } finally {
      System.clearProperty(TlsGroups.PROPERTY);
    }
  }

  /**
   * A client offering these groups (X25519 and P-384 key shares in its hello) against a server that
   * takes one group only: a P-256-only server asks again for its own (a HelloRetryRequest), and the
   * request still goes through.
   */
  @ParameterizedTest
  @ValueSource(strings = {"secp256r1", "x25519", "secp384r1", "secp521r1", "ffdhe2048"})
  void reachesAServerOfOneGroup(String group) throws Exception {
    HttpsServer https =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(
        new HttpsConfigurator(server) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = getSSLContext().getDefaultSSLParameters();
            p.setNamedGroups(new String[] {group});
            params.setSSLParameters(p);
          }
        });
    https.createContext(
        "/",
        ex -> {
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    https.start();
    try (SSLSocket socket =
        (SSLSocket)
            client
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), https.getAddress().getPort())) {
      socket.setSoTimeout(10_000);
      SSLParameters p = socket.getSSLParameters();
      p.setNamedGroups(TlsGroups.ORDER.split(","));
      p.setProtocols(new String[] {"TLSv1.3"});
      socket.setSSLParameters(p);
      socket
          .getOutputStream()
          .write(
              "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 200").endsWith("ok");
      assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
    } finally {
      https.stop(0);
    }
  }
}
