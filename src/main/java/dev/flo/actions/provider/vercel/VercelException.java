package dev.flo.actions.provider.vercel;

import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Vercel answered a call with an error: its HTTP status and the {@code {"error":{"code","message"}}} it sent
 * (vercel.com/docs/rest-api/errors), or a short excerpt when the body was not JSON (a proxy's HTML page).
 */
public final class VercelException extends IOException {
  private final String call;
  private final int status;
  private final @Nullable String code;
  private final @Nullable String detail;
  private final List<String> missing;

  public VercelException(String call, int status, @Nullable String code, @Nullable String detail, List<String> missing) {
    super(call + " failed: HTTP " + status + (code == null ? "" : " " + code) + (detail == null ? "" : ": " + detail));
    this.call = call;
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.missing = List.copyOf(missing);
  }

  /** The call that failed, as described to the user ("create Vercel deployment for prj_1"). */
  public String call() {
    return call;
  }

  public int status() {
    return status;
  }

  /** Vercel's error code ({@code forbidden}, {@code not_found}, {@code missing_files}...), or null. */
  public @Nullable String code() {
    return code;
  }

  public @Nullable String detail() {
    return detail;
  }

  /** The SHA-1s of a {@code missing_files} error. */
  public List<String> missing() {
    return missing;
  }

  public boolean isAuth() {
    return status == 401 || status == 403;
  }

  /** What the user can do about it, naming the input to check. */
  public String advice() {
    return switch (status) {
      case 401 -> "Vercel rejected the token: check the `token` input (a Vercel access token from vercel.com/account/tokens) and that it has not expired.";
      case 403 -> "The token may not act on this project: check `token` and `team-id` (a team project needs the team's id, team_..., and a token with access to that team).";
      case 404 -> "Vercel does not know it: check `project-id` (prj_..., from the project's Settings) and `team-id`.";
      case 402 -> "The Vercel plan refuses this (a quota or a paid feature); see the message above.";
      case 429 -> "Vercel is rate-limiting this token; the log says how long it asked to wait, and a wait past the step's `timeout` is not taken. Run the job again once the limit lifts.";
      case 400 -> badRequest();
      case 409 -> "Another change to this project is under way (a deployment, rollback or domain change): wait until it ends in Vercel, then run the job again. A domain in use by another project must be removed there first.";
      case 410 -> "The deployment no longer exists (deleted, or removed by the project's retention policy): deploy again, or give `to:` another deployment.";
      case 422 -> "Vercel could not process the request: check the project's settings in Vercel (framework, output directory, environment) and the inputs named in the message.";
      default -> status >= 500 ? "Vercel had a server error; run the job again, and check www.vercel-status.com if it persists." : "See Vercel's message above.";
    };
  }

  private String badRequest() {
    if ("invalid_digest".equals(code) || "invalid_file_size".equals(code)) {
      return "A file changed while it was uploaded: make sure no other process writes into `dir` during this step, then run the job again.";
    }
    if (call.startsWith("roll Vercel project")) {
      return "Vercel cannot roll back to that deployment: give `to:` a READY production deployment it lists as a rollback candidate (Hobby projects: only the one just before), or `to: previous`.";
    }
    if (call.startsWith("cancel")) {
      return "The deployment is no longer building (it is READY, failed or already cancelled); check its state in Vercel.";
    }
    return "Vercel refused the request as invalid: check `project-id`, `target` (a custom environment must exist in the project) and `alias`.";
  }
}
