/** Null-checked by NullAway: nothing here is null unless it says {@code @Nullable}. */
@NullMarked
package dev.flo.actions.step.deployfrontend;

import org.jspecify.annotations.NullMarked;
