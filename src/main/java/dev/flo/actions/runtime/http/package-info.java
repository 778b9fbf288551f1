/** Null-checked by NullAway: nothing here is null unless it says {@code @Nullable}. */
@NullMarked
package dev.flo.actions.runtime.http;

import org.jspecify.annotations.NullMarked;
