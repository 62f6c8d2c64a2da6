package io.fluvius.media.ejb;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The role a {@link MediaService} operation needs. Checked by {@link RoleGuard} rather than by
 * {@code @RolesAllowed}, because the container's refusal ({@code EJBAccessException}) is not the
 * product's: callers of every view get {@code MediaAccessDeniedException} (API.md §1).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requires {
    MediaRole value();
}
