package io.fluvius.media.jpa;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

/**
 * What the server gives the {@link JpaMediaManager}, without a server: an entity manager bound to the
 * current thread's resource-local transaction (as a container-managed one is bound to the JTA
 * transaction), and the three transaction attributes. Outside a transaction calls share a per-thread
 * entity manager that forgets its entities before each call, as the container's detaches them after it.
 */
final class ThreadBoundJpa implements TransactionBoundary {

    private final EntityManagerFactory factory;
    private final ThreadLocal<Deque<EntityManager>> stack = ThreadLocal.withInitial(ArrayDeque::new);
    private final ThreadLocal<EntityManager> loose = new ThreadLocal<>();

    ThreadBoundJpa(EntityManagerFactory factory) {
        this.factory = factory;
    }

    /** The entity manager of the current thread's transaction (a fresh one per call outside any). */
    EntityManager entityManager() {
        InvocationHandler handler = (proxy, method, args) -> {
            EntityManager target = stack.get().peek();
            if (target == null) {
                target = loose.get();
                if (target == null) {
                    target = factory.createEntityManager();
                    loose.set(target);
                }
                target.clear();
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (EntityManager) Proxy.newProxyInstance(EntityManager.class.getClassLoader(),
                new Class<?>[] {EntityManager.class}, handler);
    }

    @Override
    public <T> T required(Supplier<T> work) {
        return stack.get().peek() != null ? work.get() : requiresNew(work);
    }

    @Override
    public <T> T requiresNew(Supplier<T> work) {
        EntityManager em = factory.createEntityManager();
        stack.get().push(em);
        em.getTransaction().begin();
        boolean done = false;
        try {
            T result = work.get();
            em.getTransaction().commit();
            done = true;
            return result;
        } finally {
            if (!done && em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            stack.get().pop();
            em.close();
        }
    }

    @Override
    public <T> T notSupported(Supplier<T> work) {
        Deque<EntityManager> suspended = stack.get();
        stack.set(new ArrayDeque<>());
        try {
            return work.get();
        } finally {
            stack.set(suspended);
        }
    }
}
