package dev.arbor.domain;

import java.time.Instant;
import java.util.Objects;

/** A point in a branch's history: its head (latest data), an LSN, or a timestamp. */
public sealed interface PointInTime {
    Head HEAD = new Head();

    record Head() implements PointInTime {
        @Override
        public String toString() {
            return "head";
        }
    }

    record AtLsn(Lsn lsn) implements PointInTime {
        public AtLsn {
            Objects.requireNonNull(lsn);
        }

        @Override
        public String toString() {
            return "LSN " + lsn;
        }
    }

    record AtTimestamp(Instant timestamp) implements PointInTime {
        public AtTimestamp {
            Objects.requireNonNull(timestamp);
        }

        @Override
        public String toString() {
            return timestamp.toString();
        }
    }

    static PointInTime head() {
        return HEAD;
    }

    static PointInTime at(Lsn lsn) {
        return new AtLsn(lsn);
    }

    static PointInTime at(Instant timestamp) {
        return new AtTimestamp(timestamp);
    }

    default boolean isHead() {
        return this instanceof Head;
    }
}
