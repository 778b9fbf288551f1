package dev.flo.actions.step.healthverify;

/** What to check when a URL is not healthy, by the kind of its last failure. */
enum Advice {
  REFUSED(
      "Nothing accepted connections at %s. Check that the service started (its logs), that the URL and port are right, and raise `timeout` if it needs longer to boot."),
  TIMEOUT(
      "The service at %s did not answer in time. Check its logs for a slow start or a hung dependency (database, cache); raise `request-timeout` if slow answers are normal."),
  CONNECTION(
      "The connection to %s broke. Check TLS (certificate, https vs http), proxies and the service's logs."),
  TOO_LARGE(
      "%s answered with a body larger than a health check reads (1 MiB). Point `url` at a health endpoint that answers with a short status, not a page or a download."),
  STATUS(
      "Check that %s is the health endpoint and the service's logs for the failing requests; change `expect-status` if another status is right."),
  BODY(
      "%s answered, but not with the expected body. Check `expect-body` against what the endpoint returns."),
  JSON(
      "%s answered, but its JSON differs. If it reports an older version, the deploy has not finished rolling out (or was rolled back); otherwise check `expect-json`."),
  LATENCY(
      "%s is up but slower than `max-latency`. Check its resources (CPU, memory, cold caches) or raise the budget."),
  DEADLINE(
      "%s was passing when time ran out. Raise `timeout`, or lower `interval` or `consecutive-successes`."),
  FLAPPING(
      "%s passes some checks but fails others: it may be crash-looping, or a load balancer is mixing old and new instances. Check its restarts and logs.");

  private final String template;

  Advice(String template) {
    this.template = template;
  }

  static Advice of(ResponseExpectations.Kind kind) {
    return switch (kind) {
      case STATUS -> STATUS;
      case BODY -> BODY;
      case JSON -> JSON;
    };
  }

  String hint(HealthPlan.Target target) {
    String where =
        this == REFUSED || this == CONNECTION
            ? target.uri().getHost()
                + (target.uri().getPort() > 0 ? ":" + target.uri().getPort() : "")
            : target.display();
    return template.formatted(where);
  }
}
