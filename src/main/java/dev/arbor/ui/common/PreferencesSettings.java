package dev.arbor.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/** {@link Settings} in the user's Java preferences, which every OS keeps per user without set-up. */
public final class PreferencesSettings implements Settings {
    private static final String DARK_THEME = "theme.dark";
    private static final String WIDTH = "window.width";
    private static final String HEIGHT = "window.height";
    private static final String DIVIDER = "layout.detailsDivider";
    private static final String BRANCH_TREE = "layout.branchTree";
    private static final String PROFILE_COUNT = "profiles.count";
    private static final String PROFILE = "profiles.";
    private static final String ACTIVE_PROFILE = "profiles.active";

    private final Preferences node;

    public PreferencesSettings(Preferences node) {
        this.node = node;
    }

    public static PreferencesSettings forUser() {
        return new PreferencesSettings(Preferences.userRoot().node("dev/arbor/console"));
    }

    @Override
    public boolean darkTheme() {
        return node.getBoolean(DARK_THEME, false);
    }

    @Override
    public void setDarkTheme(boolean dark) {
        node.putBoolean(DARK_THEME, dark);
    }

    @Override
    public WindowSize windowSize() {
        double w = node.getDouble(WIDTH, -1);
        double h = node.getDouble(HEIGHT, -1);
        return w > 0 && h > 0 ? new WindowSize(w, h) : null;
    }

    @Override
    public void setWindowSize(WindowSize size) {
        node.putDouble(WIDTH, size.width());
        node.putDouble(HEIGHT, size.height());
    }

    @Override
    public double detailsDivider() {
        return node.getDouble(DIVIDER, DEFAULT_DETAILS_DIVIDER);
    }

    @Override
    public void setDetailsDivider(double position) {
        node.putDouble(DIVIDER, position);
    }

    @Override
    public boolean showBranchTree() {
        return node.getBoolean(BRANCH_TREE, false);
    }

    @Override
    public void setShowBranchTree(boolean shown) {
        node.putBoolean(BRANCH_TREE, shown);
    }

    @Override
    public List<String> profiles() {
        int n = node.getInt(PROFILE_COUNT, 0);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String p = node.get(PROFILE + i, null);
            if (p != null) {
                all.add(p);
            }
        }
        return all;
    }

    @Override
    public void setProfiles(List<String> encoded) {
        int old = node.getInt(PROFILE_COUNT, 0);
        for (int i = encoded.size(); i < old; i++) {
            node.remove(PROFILE + i);
        }
        for (int i = 0; i < encoded.size(); i++) {
            node.put(PROFILE + i, encoded.get(i));
        }
        node.putInt(PROFILE_COUNT, encoded.size());
    }

    @Override
    public String activeProfile() {
        return node.get(ACTIVE_PROFILE, null);
    }

    @Override
    public void setActiveProfile(String name) {
        if (name == null) {
            node.remove(ACTIVE_PROFILE);
        } else {
            node.put(ACTIVE_PROFILE, name);
        }
    }
}
