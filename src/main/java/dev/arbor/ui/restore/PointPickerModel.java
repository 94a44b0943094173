package dev.arbor.ui.restore;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.HistoryWindow;
import dev.arbor.backend.ResolvedPoint;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.PointInTime;
import dev.arbor.ui.common.Formats;
import dev.arbor.ui.common.HistoryPoints;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A point in one branch's history, picked as a date and a time to the millisecond (in local time or
 * UTC, the zone always shown) or as an LSN. It knows the branch's history window: it states the bounds,
 * refuses points outside them or in the future with a sentence, and asks the backend which LSN a time
 * resolves to (or when an LSN was committed) once the point is acceptable.
 */
public final class PointPickerModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm[:ss[.SSS]]", Locale.ROOT);
    private static final DateTimeFormatter TIME_SHOWN = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    public enum Mode {
        TIMESTAMP("Date and time"),
        LSN("LSN");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final BranchBackend backend;
    private final UiExecutor executor;
    private final Clock clock;
    private final ZoneId local;

    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode", Mode.TIMESTAMP);
    private final ObjectProperty<LocalDate> date = new SimpleObjectProperty<>(this, "date");
    private final StringProperty time = new SimpleStringProperty(this, "time", "");
    private final BooleanProperty utc = new SimpleBooleanProperty(this, "utc");
    private final StringProperty lsn = new SimpleStringProperty(this, "lsn", "");

    private final ReadOnlyObjectWrapper<Branch> branch = new ReadOnlyObjectWrapper<>(this, "branch");
    private final ReadOnlyObjectWrapper<HistoryWindow> window = new ReadOnlyObjectWrapper<>(this, "window");
    private final ReadOnlyStringWrapper windowText = new ReadOnlyStringWrapper(this, "windowText", "");
    private final ReadOnlyStringWrapper zoneText = new ReadOnlyStringWrapper(this, "zoneText", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final ReadOnlyStringWrapper resolution = new ReadOnlyStringWrapper(this, "resolution", "");
    private final ReadOnlyBooleanWrapper resolving = new ReadOnlyBooleanWrapper(this, "resolving");
    private final ReadOnlyObjectWrapper<PointInTime> point = new ReadOnlyObjectWrapper<>(this, "point");
    private final ReadOnlyObjectWrapper<ResolvedPoint> resolved = new ReadOnlyObjectWrapper<>(this, "resolved");
    private final ObservableList<QuickChoice> quickChoices = FXCollections.observableArrayList();
    // one read-only view, kept: a view made per call would be collected with the listeners added to it
    private final ObservableList<QuickChoice> quickChoicesView = FXCollections.unmodifiableObservableList(quickChoices);
    /** Counts point checks: a resolution for a point since changed is dropped. */
    private long generation;
    /** Counts window loads, apart from the checks: typing while the window loads keeps the window. */
    private long windowGeneration;
    private UiExecutor.Task windowLoad = UiExecutor.Task.DONE;
    private UiExecutor.Task resolveTask = UiExecutor.Task.DONE;
    private boolean converting;

    public PointPickerModel(BranchBackend backend, UiExecutor executor, Clock clock) {
        this.backend = Objects.requireNonNull(backend);
        this.executor = Objects.requireNonNull(executor);
        this.clock = Objects.requireNonNull(clock);
        this.local = clock.getZone();
        mode.addListener((o, a, b) -> check());
        date.addListener((o, a, b) -> check());
        time.addListener((o, a, b) -> check());
        lsn.addListener((o, a, b) -> check());
        utc.addListener((o, a, b) -> zoneChanged(b ? local : ZoneOffset.UTC));
        zoneText.set(zoneName());
        check();
    }

    // Properties: inputs

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public ObjectProperty<LocalDate> dateProperty() {
        return date;
    }

    /** {@code HH:mm:ss.SSS}, 24-hour; seconds and milliseconds may be left out. */
    public StringProperty timeProperty() {
        return time;
    }

    /** The date and time are in UTC rather than local time; switching keeps the instant. */
    public BooleanProperty utcProperty() {
        return utc;
    }

    public StringProperty lsnProperty() {
        return lsn;
    }

    // Properties: what the inputs lead to

    /** The branch whose history the point is in. */
    public ReadOnlyObjectProperty<Branch> branchProperty() {
        return branch.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<HistoryWindow> windowProperty() {
        return window.getReadOnlyProperty();
    }

    /** The window's bounds in words, in the zone shown, once loaded. */
    public ReadOnlyStringProperty windowTextProperty() {
        return windowText.getReadOnlyProperty();
    }

    /** The zone the date and time are in, for example "UTC" or "Local time (Europe/Berlin, UTC+01:00)". */
    public ReadOnlyStringProperty zoneTextProperty() {
        return zoneText.getReadOnlyProperty();
    }

    /** Why the point cannot be used, or null when it can. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The LSN a time resolves to, or when an LSN was committed; empty until known. */
    public ReadOnlyStringProperty resolutionProperty() {
        return resolution.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty resolvingProperty() {
        return resolving.getReadOnlyProperty();
    }

    /** The point, or null while the inputs do not make an acceptable one. */
    public ReadOnlyObjectProperty<PointInTime> pointProperty() {
        return point.getReadOnlyProperty();
    }

    /** The point as the backend resolved it; its time or LSN may be null where the backend cannot tell. */
    public ReadOnlyObjectProperty<ResolvedPoint> resolvedProperty() {
        return resolved.getReadOnlyProperty();
    }

    public ObservableList<QuickChoice> quickChoices() {
        return quickChoicesView;
    }

    /** True when a point is chosen, acceptable and resolved as far as the backend can. */
    public boolean ready() {
        return point.get() != null && problem.get() == null && !resolving.get();
    }

    /** The zone the date and time fields are read in. */
    public ZoneId zone() {
        return utc.get() ? ZoneOffset.UTC : local;
    }

    // Commands

    /** Picks in {@code b}'s history: loads its window and keeps what was typed when it still fits. */
    public void load(Branch b) {
        if (b != null && branch.get() != null && b.id().equals(branch.get().id()) && window.get() != null) {
            check();
            return;
        }
        branch.set(b);
        window.set(null);
        windowText.set(b == null ? "" : "Loading the history of \"" + b.name() + "\"…");
        quickChoices.clear();
        check();
        if (b == null) {
            return;
        }
        long mine = ++windowGeneration;
        windowLoad.cancel();
        windowLoad = executor.submit(() -> backend.historyWindow(b.id()), w -> {
            if (mine != windowGeneration) {
                return;
            }
            window.set(w);
            describeWindow();
            if (date.get() == null && time.get().isBlank()) {
                show(w.head());
            }
            if (lsn.get().isBlank()) {
                lsn.set(w.headLsn().toString());
            }
            quickChoices.setAll(quickChoicesFor(b, w));
            check();
        }, thrown -> {
            if (mine == windowGeneration) {
                windowText.set(UserError.of(thrown, "Arbor could not load the history window of \"" + b.name() + "\".").sentence());
                problem.set(windowText.get());
            }
        });
    }

    /** Fills in a quick choice's time; a refused choice changes nothing. */
    public void choose(QuickChoice c) {
        if (c == null || !c.allowed()) {
            return;
        }
        mode.set(Mode.TIMESTAMP);
        show(c.at());
    }

    /** Shows {@code t} in the fields, in the zone shown. */
    public void show(Instant t) {
        ZonedDateTime z = t.atZone(zone());
        converting = true;
        try {
            date.set(z.toLocalDate());
            time.set(TIME_SHOWN.format(z.toLocalTime()));
        } finally {
            converting = false;
        }
        check();
    }

    /** The time typed, or null when the date or time is missing or malformed. */
    public Instant typedTime() {
        if (date.get() == null || time.get() == null) {
            return null;
        }
        try {
            LocalTime t = LocalTime.parse(time.get().strip(), TIME);
            return HistoryPoints.snapToStart(date.get().atTime(t).atZone(zone()).toInstant(), window.get(), ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // Checking

    private void zoneChanged(ZoneId previous) {
        zoneText.set(zoneName());
        Instant was = null;
        if (date.get() != null) {
            try {
                was = date.get().atTime(LocalTime.parse(time.get().strip(), TIME)).atZone(previous).toInstant();
            } catch (DateTimeParseException e) {
                was = null;
            }
        }
        describeWindow();
        if (was != null) {
            show(was);
        } else {
            check();
        }
    }

    private String zoneName() {
        if (utc.get()) {
            return "UTC";
        }
        String offset = local.getRules().getOffset(clock.instant()).getId();
        String id = local.getId();
        if (offset.equals("Z")) {
            return id.equals("Z") || id.endsWith("UTC") ? "Local time (UTC)" : "Local time (" + id + ", UTC)";
        }
        return "Local time (" + id + ", UTC" + offset + ")";
    }

    private void describeWindow() {
        Branch b = branch.get();
        HistoryWindow w = window.get();
        if (b == null || w == null) {
            return;
        }
        windowText.set("\"" + b.name() + "\" has history from " + Formats.dateTimeMillis(w.start(), zone())
                + Formats.lsnAfter(w.startLsn()) + " to now"
                + (w.headLsn() == null ? "" : "; its head is LSN " + w.headLsn()) + ". Times are "
                + (utc.get() ? "in UTC." : "in local time."));
    }

    /** A point some time back from now, offered with one click. */
    private record Ago(String id, String label, Duration back) {
    }

    /**
     * The steps back a picker offers two of: the longest the history holds, up to five minutes, and the next one, so
     * a history of hours offers 5 minutes and 1 hour ago, and one made seconds ago (the demo on Postgres) 30 seconds
     * and 1 minute ago rather than two refusals.
     */
    private static final List<Ago> AGO = List.of(new Ago("ten-seconds", "10 seconds ago", Duration.ofSeconds(10)),
            new Ago("thirty-seconds", "30 seconds ago", Duration.ofSeconds(30)),
            new Ago("one-minute", "1 minute ago", Duration.ofMinutes(1)),
            new Ago("five-minutes", "5 minutes ago", Duration.ofMinutes(5)),
            new Ago("one-hour", "1 hour ago", Duration.ofHours(1)));

    private List<QuickChoice> quickChoicesFor(Branch b, HistoryWindow w) {
        Instant now = clock.instant();
        List<QuickChoice> all = new ArrayList<>();
        int first = 0;
        for (int i = 0; i < AGO.size() - 1; i++) {
            if (!now.minus(AGO.get(i).back()).isBefore(w.start())) {
                first = i;
            }
        }
        for (Ago ago : AGO.subList(first, first + 2)) {
            all.add(within(ago.id(), ago.label(), now.minus(ago.back()), w));
        }
        if (b.lastResetAt() == null) {
            all.add(new QuickChoice("before-reset", "Just before the last reset or restore", null,
                    "\"" + b.name() + "\" has not been reset or restored."));
        } else {
            all.add(within("before-reset", "Just before the last reset or restore", b.lastResetAt().minusMillis(1), w));
        }
        all.add(b.createdAt() == null
                ? new QuickChoice("creation", "The branch's creation", null, "The backend does not say when \""
                        + b.name() + "\" was created.")
                : within("creation", "The branch's creation", b.createdAt(), w));
        return all;
    }

    private QuickChoice within(String id, String label, Instant at, HistoryWindow w) {
        if (at.isBefore(w.start())) {
            return new QuickChoice(id, label, at, Formats.dateTimeMillis(at, zone())
                    + " is before the history window, which starts at " + Formats.dateTimeMillis(w.start(), zone()) + ".");
        }
        return new QuickChoice(id, label, at, null);
    }

    private void check() {
        if (converting) {
            return;
        }
        long mine = ++generation;
        point.set(null);
        resolved.set(null);
        resolution.set("");
        resolving.set(false);
        Branch b = branch.get();
        HistoryWindow w = window.get();
        String whose = b == null ? "the branch" : "\"" + b.name() + "\"";
        String why;
        PointInTime p = null;
        if (b == null) {
            why = "Choose the branch whose history to restore from.";
        } else if (mode.get() == Mode.LSN) {
            why = HistoryPoints.lsnProblem(lsn.get(), w, whose);
            p = why == null ? PointInTime.at(Lsn.parse(lsn.get())) : null;
        } else if (date.get() == null) {
            why = "Choose a date.";
        } else {
            Instant t = typedTime();
            if (t == null) {
                why = "Enter the time as HH:mm:ss.SSS (24-hour; seconds and milliseconds may be left out), for example "
                        + TIME_SHOWN.format(clock.instant().atZone(zone())) + ".";
            } else {
                why = HistoryPoints.timeProblem(t, w, whose, zone(), clock.instant(), ChronoUnit.MILLIS);
                p = why == null ? PointInTime.at(t) : null;
            }
        }
        if (why == null && w == null) {
            why = "Loading the history of " + whose + "…";
            p = null;
        }
        problem.set(why);
        if (p == null) {
            return;
        }
        point.set(p);
        resolve(b, p, mine);
    }

    /** The wizard or the Schema diff closed: stops loading the history window and resolving the point. */
    public void stop() {
        windowGeneration++;
        generation++;
        windowLoad.cancel();
        resolveTask.cancel();
        resolving.set(false);
    }

    private void resolve(Branch b, PointInTime p, long mine) {
        if (p instanceof PointInTime.AtTimestamp at && !backend.capabilities().lsnOfTimestamp()) {
            resolved.set(new ResolvedPoint(null, at.timestamp()));
            resolution.set("This backend cannot say beforehand which LSN a time resolves to; it resolves the time itself when it restores.");
            return;
        }
        resolving.set(true);
        resolveTask.cancel();
        resolveTask = executor.submit(() -> backend.resolve(b.id(), p), r -> {
            if (mine != generation) {
                return;
            }
            resolving.set(false);
            resolved.set(r);
            resolution.set(describe(p, r));
        }, thrown -> {
            if (mine != generation) {
                return;
            }
            resolving.set(false);
            point.set(null);
            problem.set(UserError.of(thrown, "Arbor could not resolve the point in time.").sentence());
        });
    }

    private String describe(PointInTime p, ResolvedPoint r) {
        if (p instanceof PointInTime.AtTimestamp) {
            return "Resolves to LSN " + r.lsn() + (r.committedAt() == null ? "."
                    : ", the last commit at or before it, made at " + Formats.dateTimeMillis(r.committedAt(), zone()) + ".");
        }
        return r.committedAt() == null
                ? "This backend cannot say when LSN " + r.lsn() + " was committed."
                : "LSN " + r.lsn() + " reads the data committed up to " + Formats.dateTimeMillis(r.committedAt(), zone()) + ".";
    }
}
