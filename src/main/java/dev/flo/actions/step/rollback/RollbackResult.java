package dev.flo.actions.step.rollback;

/**
 * How the rollback ended.
 *
 * @param rollbackDeployId the deploy the host created to restore the target (Render: trigger {@code
 *     rollback})
 * @param url the service URL, or null
 */
public record RollbackResult(
    String rolledBackTo, String rollbackDeployId, String status, String url) {}
