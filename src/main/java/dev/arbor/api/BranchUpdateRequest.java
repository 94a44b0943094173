package dev.arbor.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;

/**
 * {@code PATCH …/branches/{id}} body (reference §2.3): {@code {"branch": {name?, protected?, expires_at?}}}.
 * {@code expires_at} has three states: left out (no change), {@code null} (remove the expiry) or a timestamp;
 * it is a {@link JsonNode} because that is how Jackson keeps "absent" (Java null) apart from "null" ({@link NullNode}).
 */
public record BranchUpdateRequest(Branch branch) {

    public record Branch(String name, @JsonProperty("protected") Boolean isProtected, JsonNode expiresAt) {

        /** A change of expiry only: to {@code at} (to the second, as Neon documents), or removed when {@code at} is null. */
        public static Branch expiry(Instant at) {
            return new Branch(null, null, at == null ? NullNode.getInstance() : TextNode.valueOf(NeonJson.formatToSecond(at)));
        }

        /** True when the body mentions {@code expires_at}, even as null. */
        public boolean expiresAtGiven() {
            return expiresAt != null;
        }
    }
}
