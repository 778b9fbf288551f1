package dev.flo.actions.step.common;

import dev.flo.actions.provider.railway.RailwayException;
import dev.flo.actions.provider.render.RenderException;
import dev.flo.actions.provider.vercel.VercelException;
import dev.flo.actions.runtime.StepFailure;

/**
 * The one place where a provider's refusal becomes advice in the user's terms: the inputs of {@code
 * deploy-backend}, {@code deploy-frontend} and {@code rollback} to check. The provider exceptions
 * carry facts only (the status, what was refused, the server's message).
 */
public final class ProviderAdvice {
  private ProviderAdvice() {}

  /** The step's failure for a refusal: the provider's message, and what to do. */
  public static StepFailure failure(RenderException e) {
    return new StepFailure(String.valueOf(e.getMessage()), advice(e), e);
  }

  public static StepFailure failure(RailwayException e) {
    return new StepFailure(String.valueOf(e.getMessage()), advice(e), e);
  }

  public static StepFailure failure(VercelException e) {
    return new StepFailure(String.valueOf(e.getMessage()), advice(e), e);
  }

  /** What to do about a Render refusal; the inputs are the same for every Render step. */
  public static String advice(RenderException e) {
    return switch (e.status()) {
      case 401 ->
          "Render rejected the API key: check the `token` input (an API key from Render's Account Settings, stored as a secret).";
      case 403 ->
          "The API key cannot act on this service: use a key of a workspace member who can deploy it.";
      case 404 ->
          "Render knows no such service or deploy for this key: check `service-id` (srv-…) and that `token` belongs to the service's workspace.";
      case 400 ->
          "Render refused the request: check `commit` (a SHA on the service's branch) or `image` (only the tag or digest may differ from the service's image).";
      case 409 ->
          "The service's state does not allow this now (suspended, or another operation is running): check the service in the Render dashboard, then re-run.";
      case 429 ->
          "Render is rate-limiting this key (10 deploys per minute per service); the log says how long it asked to wait, and a wait past the step's `timeout` is not taken. Re-run once the limit lifts.";
      default ->
          e.status() >= 500
              ? "Render had a server error: re-run the job; if it persists, check status.render.com."
              : "Check the inputs and the Render dashboard, then re-run.";
    };
  }

  /** What to do about a Railway refusal. */
  public static String advice(RailwayException e) {
    return switch (e.refusal()) {
      case EDGE_RATE_LIMITED ->
          "Wait a few minutes and re-run; a re-run follows a deployment that already started.";
      case RATE_LIMITED ->
          "Railway is rate-limiting this token; the log says how long it asked to wait, and a wait past the step's `timeout` is not taken. Re-run once the limit lifts.";
      case NOT_JSON -> "Re-run; if it persists, check status.railway.com.";
      case NOT_AUTHORIZED ->
          "Check the `token` input: a project token of this service's project and environment, or an account/workspace token with access to it.";
      case REJECTED -> "Check `service-id` and `environment-id`, then re-run.";
      case NO_DEPLOYMENT ->
          "Look at the service's deployments in the Railway dashboard: the deployment may have been removed, or the token may not see this service (check `service-id` and `token`).";
      case HTTP_ERROR ->
          e.status() >= 500
              ? "Re-run; if it persists, check status.railway.com."
              : "Check `token`, `service-id` and `environment-id`.";
    };
  }

  /** What to do about a Vercel refusal. */
  public static String advice(VercelException e) {
    return switch (e.status()) {
      case 401 ->
          "Vercel rejected the token: check the `token` input (a Vercel access token from vercel.com/account/tokens) and that it has not expired.";
      case 403 ->
          "The token may not act on this project: check `token` and `team-id` (a team project needs the team's id, team_..., and a token with access to that team).";
      case 404 ->
          "Vercel does not know it: check `project-id` (prj_..., from the project's Settings) and `team-id`.";
      case 402 ->
          "The Vercel plan refuses this (a quota or a paid feature); see the message above.";
      case 429 ->
          "Vercel is rate-limiting this token; the log says how long it asked to wait, and a wait past the step's `timeout` is not taken. Run the job again once the limit lifts.";
      case 400 -> vercelBadRequest(e);
      case 409 ->
          "Another change to this project is under way (a deployment, rollback or domain change): wait until it ends in Vercel, then run the job again. A domain in use by another project must be removed there first.";
      case 410 ->
          "The deployment no longer exists (deleted, or removed by the project's retention policy): deploy again, or give `to:` another deployment.";
      case 422 ->
          "Vercel could not process the request: check the project's settings in Vercel (framework, output directory, environment) and the inputs named in the message.";
      default ->
          e.status() >= 500
              ? "Vercel had a server error; run the job again, and check www.vercel-status.com if it persists."
              : "See Vercel's message above.";
    };
  }

  private static String vercelBadRequest(VercelException e) {
    if ("invalid_digest".equals(e.code()) || "invalid_file_size".equals(e.code())) {
      return "A file changed while it was uploaded: make sure no other process writes into `dir` during this step, then run the job again.";
    }
    if (e.call().startsWith("roll Vercel project")) {
      return "Vercel cannot roll back to that deployment: give `to:` a READY production deployment it lists as a rollback candidate (Hobby projects: only the one just before), or `to: previous`.";
    }
    if (e.call().startsWith("cancel")) {
      return "The deployment is no longer building (it is READY, failed or already cancelled); check its state in Vercel.";
    }
    return "Vercel refused the request as invalid: check `project-id`, `target` (a custom environment must exist in the project) and `alias`.";
  }
}
