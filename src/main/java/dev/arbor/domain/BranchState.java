package dev.arbor.domain;

import java.util.Locale;

public enum BranchState {
    INIT, RESETTING, READY, ARCHIVED, STORAGE_DELETED, UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BranchState fromWire(String s) {
        if (s == null) {
            return null;
        }
        for (BranchState st : values()) {
            if (st.wireName().equalsIgnoreCase(s)) {
                return st;
            }
        }
        return UNKNOWN;
    }
}
