package dev.arbor.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.arbor.api.NeonJson;
import dev.arbor.domain.PointInTime;
import dev.arbor.api.NeonMapper;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * One request as a route sees it: path parameters, query parameters and the body, with readers that turn
 * malformed input into a 400 naming the field, so nothing malformed reaches the backend.
 */
final class Call {
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final byte[] body;

    Call(Map<String, String> pathParams, Map<String, String> query, byte[] body) {
        this.pathParams = Map.copyOf(pathParams);
        this.query = Map.copyOf(query);
        this.body = body;
    }

    String path(String name) {
        return pathParams.get(name);
    }

    /** A query parameter, or null when absent or empty. */
    String query(String name) {
        String v = query.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** An integer query parameter within [min, max], or {@code fallback} when absent. */
    int intQuery(String name, int min, int max, int fallback) {
        String v = query(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the range
        }
        throw HttpFailure.badRequest("INVALID_" + name.toUpperCase(java.util.Locale.ROOT), name + " must be a whole number from " + min
                + " to " + max + "; got \"" + v + "\".");
    }

    /** One of {@code allowed} (case-insensitive, returned lower case), or {@code fallback} when absent. */
    String choice(String name, Collection<String> allowed, String fallback) {
        String v = query(name);
        if (v == null) {
            return fallback;
        }
        String lower = v.strip().toLowerCase(java.util.Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw HttpFailure.badRequest("INVALID_" + name.toUpperCase(java.util.Locale.ROOT), name + " must be one of "
                    + String.join(", ", allowed) + "; got \"" + v + "\".");
        }
        return lower;
    }

    /** The point named by an LSN and a timestamp parameter (not both), or the head. */
    PointInTime point(String lsnParam, String timestampParam) {
        return NeonMapper.point(query(lsnParam), query(timestampParam), lsnParam, timestampParam);
    }

    /** The body as {@code type}; null when the body is empty or the JSON literal null. */
    <T> T body(Class<T> type) {
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        try {
            return NeonJson.mapper().readValue(body, type);
        } catch (StreamReadException e) {
            throw notJson(e);
        } catch (MismatchedInputException e) {
            throw HttpFailure.badRequest("INVALID_REQUEST_BODY", describe(e) + " has the wrong type; expected "
                    + expected(e.getTargetType()) + ".");
        } catch (JsonMappingException e) {
            // Jackson wraps a syntax error met inside an object in a mapping error; it is still not JSON
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof StreamReadException syntax) {
                    throw notJson(syntax);
                }
            }
            throw HttpFailure.badRequest("INVALID_REQUEST_BODY", describe(e) + " has a value this server cannot read.");
        } catch (JsonProcessingException e) {
            throw HttpFailure.badRequest("INVALID_JSON", "The request body is not valid JSON.");
        } catch (IOException e) {
            throw HttpFailure.badRequest("INVALID_JSON", "The request body could not be read.");
        }
    }

    private static HttpFailure notJson(StreamReadException e) {
        String where = " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        if (e instanceof InputCoercionException) {
            return HttpFailure.badRequest("INVALID_REQUEST_BODY", "A number in the request body is out of range" + where + ".");
        }
        return HttpFailure.badRequest("INVALID_JSON", "The request body is not valid JSON" + where + ".");
    }

    /** The field a mapping error is about, as {@code branch.protected} or {@code endpoints[0].type}. */
    private static String describe(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "The request body" : "Field " + sb;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == java.time.Instant.class) {
            return "an RFC 3339 timestamp";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
