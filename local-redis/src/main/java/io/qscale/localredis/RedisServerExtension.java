package io.qscale.localredis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs one {@link LocalRedisServer} per test class and injects it into
 * constructors, lifecycle methods and tests that declare a {@code LocalRedisServer} parameter.
 * Thread-safe as JUnit uses it (one server per class, started before and stopped after it).
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RedisServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        store(context).put(context.getRequiredTestClass(), LocalRedisServer.start());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LocalRedisServer server = store(context).remove(context.getRequiredTestClass(), LocalRedisServer.class);
        if (server != null) {
            server.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalRedisServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return store(context).get(context.getRequiredTestClass(), LocalRedisServer.class);
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE);
    }
}
