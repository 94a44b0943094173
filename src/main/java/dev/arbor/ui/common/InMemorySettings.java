package dev.arbor.ui.common;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link Settings} that last as long as the process and are never saved: for tests, benchmarks and the build's
 * training run of the packaged app ({@code -Darbor.settings=memory}), so none of them touches the user's preferences.
 */
public final class InMemorySettings implements Settings {
    private boolean darkTheme;
    private WindowSize windowSize;
    private double divider = DEFAULT_DETAILS_DIVIDER;
    private boolean branchTree;
    private List<String> profiles = new ArrayList<>();
    private String activeProfile;

    @Override
    public boolean darkTheme() {
        return darkTheme;
    }

    @Override
    public void setDarkTheme(boolean dark) {
        darkTheme = dark;
    }

    @Override
    public WindowSize windowSize() {
        return windowSize;
    }

    @Override
    public void setWindowSize(WindowSize size) {
        windowSize = size;
    }

    @Override
    public double detailsDivider() {
        return divider;
    }

    @Override
    public void setDetailsDivider(double position) {
        divider = position;
    }

    @Override
    public boolean showBranchTree() {
        return branchTree;
    }

    @Override
    public void setShowBranchTree(boolean shown) {
        branchTree = shown;
    }

    @Override
    public List<String> profiles() {
        return List.copyOf(profiles);
    }

    @Override
    public void setProfiles(List<String> encoded) {
        profiles = new ArrayList<>(encoded);
    }

    @Override
    public String activeProfile() {
        return activeProfile;
    }

    @Override
    public void setActiveProfile(String name) {
        activeProfile = name;
    }
}
