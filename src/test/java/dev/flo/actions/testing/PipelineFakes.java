package dev.flo.actions.testing;

import dev.flo.actions.provider.github.GitHubFake;
import dev.flo.actions.provider.render.RenderFake;
import dev.flo.actions.provider.s3.S3TestServer;
import dev.flo.actions.provider.slack.SlackFake;
import dev.flo.actions.provider.vercel.VercelFake;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline's world for a test class: Render, Vercel, Slack and GitHub fakes on one
 * virtual clock, scripted health endpoints, an S3 server with a {@code backups} bucket, and a
 * workspace. The deploy step's fault matrix and the example workflows' rehearsal both run against
 * it.
 */
public abstract class PipelineFakes {
  public static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  public static final String OLD_SHA = "fedcba9876543210fedcba9876543210fedcba98";

  @TempDir protected static Path s3dir;
  protected static S3TestServer s3;

  @TempDir protected Path workspace;
  protected final FakeClock clock = new FakeClock();
  @RegisterExtension protected final RenderFake render = RenderFake.start(clock);
  @RegisterExtension protected final GitHubFake github = GitHubFake.start();
  protected final VercelFake vercel = new VercelFake();
  protected final SlackFake slack = new SlackFake(clock);
  protected final ScriptedHealth scripted = new ScriptedHealth();

  /** Per path, the status the n-th check (from 0) gets. */
  protected final Map<String, IntUnaryOperator> health = scripted.health;

  protected final Map<String, AtomicInteger> checks = scripted.checks;
  protected final LocalHttpServer healthServer = scripted.server;

  protected PipelineFakes() throws Exception {}

  @BeforeAll
  static void startS3() throws Exception {
    s3 = new S3TestServer(s3dir);
    s3.createBucket("backups");
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @AfterEach
  void stopFakes() {
    vercel.close();
    slack.close();
    healthServer.close();
  }
}
