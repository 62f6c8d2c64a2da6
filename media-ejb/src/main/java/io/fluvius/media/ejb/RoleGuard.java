package io.fluvius.media.ejb;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;

import io.fluvius.media.core.MediaAccessDeniedException;

/** Refuses a {@link MediaService} call whose caller lacks the operation's {@link Requires role}. */
public class RoleGuard {

    @Resource
    SessionContext session;

    @AroundInvoke
    Object check(InvocationContext invocation) throws Exception {
        Requires requires = invocation.getMethod().getAnnotation(Requires.class);
        if (requires == null) {
            throw new IllegalStateException(invocation.getMethod() + " declares no required role");
        }
        String role = requires.value().roleName();
        if (role != null && !session.isCallerInRole(role)) {
            throw new MediaAccessDeniedException("'" + invocation.getMethod().getName() + "' needs the role " + role
                    + "; caller '" + session.getCallerPrincipal().getName() + "' does not have it");
        }
        return invocation.proceed();
    }
}
