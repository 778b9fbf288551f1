package dev.flo.actions.step.rollback;

import org.jspecify.annotations.Nullable;

/**
 * How the rollback ended.
 *
 * @param rollbackDeployId the deploy the host created to restore the target (Render: trigger {@code
 *     rollback})
 * @param url the service URL, or null
 */
public record RollbackResult(
    String rolledBackTo,
    @Nullable String rollbackDeployId,
    @Nullable String status,
    @Nullable String url) {}
