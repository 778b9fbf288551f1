/** Null-checked by NullAway: nothing here is null unless it says {@code @Nullable}. */
@NullMarked
package dev.flo.actions.step.lintgate;

import org.jspecify.annotations.NullMarked;
