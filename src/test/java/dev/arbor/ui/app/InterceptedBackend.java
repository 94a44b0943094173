package dev.arbor.ui.app;

import dev.arbor.backend.BranchBackend;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real backend with some of its calls taken over by a test: to keep a call waiting (the loading state), to
 * make it fail as a remote backend can (the error state), or to refuse live events. Every other call goes to
 * the real backend unchanged.
 */
final class InterceptedBackend implements InvocationHandler {
    /** What a taken-over call does instead; it may throw. */
    @FunctionalInterface
    interface Call {
        Object run(BranchBackend real, Object[] args) throws Exception;
    }

    private final BranchBackend real;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();

    private InterceptedBackend(BranchBackend real) {
        this.real = real;
    }

    static InterceptedBackend over(BranchBackend real) {
        return new InterceptedBackend(real);
    }

    /** From now on, the backend method named {@code method} runs {@code call}. */
    InterceptedBackend when(String method, Call call) {
        calls.put(method, call);
        return this;
    }

    /** The method named {@code method} goes to the real backend again. */
    InterceptedBackend restore(String method) {
        calls.remove(method);
        return this;
    }

    BranchBackend backend() {
        return (BranchBackend) Proxy.newProxyInstance(BranchBackend.class.getClassLoader(),
                new Class<?>[] {BranchBackend.class}, this);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Call call = calls.get(method.getName());
        try {
            return call != null ? call.run(real, args) : method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
