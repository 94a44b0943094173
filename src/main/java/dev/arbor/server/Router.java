package dev.arbor.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maps a method and a decoded path to a route. Patterns are literal segments and {@code {name}} parameters.
 * A path no pattern matches is a 404; a path that matches only with other methods is a 405 listing them.
 * HEAD matches the GET routes (the handler sends the answer's headers without its body).
 */
final class Router {

    /** A route's work: read the call, ask the backend, answer. */
    @FunctionalInterface
    interface Handler {
        Reply handle(Call call);
    }

    /** The route found for a request, with its path parameters. */
    record Match(Handler handler, Map<String, String> params) {
    }

    private record Route(String method, String[] segments, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String pattern, Handler handler) {
        routes.add(new Route(method, split(pattern), handler));
        return this;
    }

    /** @param segments the request path, split on '/' and percent-decoded */
    Match match(String method, List<String> segments) {
        TreeSet<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Map<String, String> params = bind(r.segments(), segments);
            if (params == null) {
                continue;
            }
            if (r.method().equals(method) || (method.equals("HEAD") && r.method().equals("GET"))) {
                return new Match(r.handler(), params);
            }
            allowed.add(r.method());
        }
        if (allowed.isEmpty()) {
            throw new HttpFailure(404, "NOT_FOUND", "There is no API route " + method + " /" + String.join("/", segments) + ".");
        }
        throw new MethodNotAllowed(method, allowed);
    }

    private static Map<String, String> bind(String[] pattern, List<String> path) {
        if (pattern.length != path.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (path.get(i).isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), path.get(i));
            } else if (!p.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String pattern) {
        String trimmed = pattern.startsWith("/") ? pattern.substring(1) : pattern;
        return trimmed.split("/", -1);
    }

    /** 405, with the methods the path does accept (sent as the {@code Allow} header). */
    static final class MethodNotAllowed extends HttpFailure {
        private final String allow;

        MethodNotAllowed(String method, TreeSet<String> allowed) {
            super(405, "METHOD_NOT_ALLOWED", method + " is not allowed here; use " + String.join(" or ", allowed) + ".");
            this.allow = String.join(", ", allowed);
        }

        String allow() {
            return allow;
        }
    }
}
