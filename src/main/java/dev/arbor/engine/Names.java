package dev.arbor.engine;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/** Ids in Neon's shapes: {@code br-young-forest-a5b6c7d8}, {@code ep-quiet-moon-1a2b3c4d}, {@code floral-disk-86322740}. */
final class Names {
    private static final String[] ADJECTIVES = {
        "aged", "ancient", "autumn", "billowing", "bitter", "black", "blue", "bold", "broad", "broken", "calm",
        "cold", "cool", "crimson", "curly", "damp", "dark", "dawn", "delicate", "divine", "dry", "empty",
        "falling", "fancy", "flat", "floral", "fragrant", "frosty", "gentle", "green", "hidden", "holy", "icy",
        "jolly", "late", "lingering", "little", "lively", "long", "lucky", "misty", "morning", "muddy", "mute",
        "nameless", "noisy", "odd", "old", "orange", "patient", "plain", "polished", "proud", "purple", "quiet",
        "rapid", "raspy", "red", "restless", "rough", "round", "royal", "shiny", "shrill", "shy", "silent",
        "small", "snowy", "soft", "solitary", "sparkling", "spring", "square", "steep", "still", "summer",
        "super", "sweet", "throbbing", "tight", "tiny", "twilight", "wandering", "weathered", "white", "wild",
        "winter", "wispy", "withered", "yellow", "young"
    };
    private static final String[] NOUNS = {
        "art", "band", "bar", "base", "bird", "block", "boat", "bonus", "bread", "breeze", "brook", "bush",
        "butterfly", "cake", "cell", "cherry", "cloud", "credit", "darkness", "dawn", "dew", "disk", "dream",
        "dust", "feather", "field", "fire", "firefly", "flower", "fog", "forest", "frog", "frost", "glade",
        "glitter", "grass", "hall", "hat", "haze", "heart", "hill", "king", "lab", "lake", "leaf", "limit",
        "math", "meadow", "mode", "moon", "morning", "mountain", "mouse", "mud", "night", "paper", "pine",
        "poetry", "pond", "queen", "rain", "recipe", "resonance", "rice", "river", "salad", "scene", "sea",
        "shadow", "shape", "silence", "sky", "smoke", "snow", "snowflake", "sound", "star", "sun", "sunset",
        "surf", "term", "thunder", "tooth", "tree", "truth", "union", "unit", "violet", "voice", "water",
        "waterfall", "wave", "wildflower", "wind", "wood"
    };

    private final RandomGenerator random;

    Names(RandomGenerator random) {
        this.random = random;
    }

    static Names secure() {
        return new Names(new SecureRandom());
    }

    String branchId() {
        return "br-" + words() + "-" + hex();
    }

    String endpointId() {
        return "ep-" + words() + "-" + hex();
    }

    String projectId() {
        return words() + "-" + String.format("%08d", random.nextInt(100_000_000));
    }

    private String words() {
        return ADJECTIVES[random.nextInt(ADJECTIVES.length)] + "-" + NOUNS[random.nextInt(NOUNS.length)];
    }

    private String hex() {
        byte[] b = new byte[4];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
