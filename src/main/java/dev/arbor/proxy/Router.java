package dev.arbor.proxy;

/**
 * Decides where an {@link EndpointProxy} connects a client: the endpoint's compute (woken first when suspended),
 * a compute for the point in time the client asked for, or a refusal. It runs on the client's own thread and may
 * block while a compute starts; other clients are not held up meanwhile. An exception it throws reaches the
 * client as a refusal with the exception's message.
 */
@FunctionalInterface
public interface Router {
    Target route(StartupRequest request);

    /** Every client to the same server, whatever it asks for. */
    static Router always(Target target) {
        return request -> target;
    }
}
