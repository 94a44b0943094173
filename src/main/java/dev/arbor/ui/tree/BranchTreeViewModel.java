package dev.arbor.ui.tree;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.Page;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Operation;
import dev.arbor.ui.branches.BranchBadge;
import dev.arbor.ui.branches.BranchRow;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.Formats;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import dev.arbor.ui.project.ProjectState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The branch tree: the project's branches laid out on a time axis, with the page's selection, the search's
 * matches, folded subtrees and the resets and restores of each branch. Follows the project state live; shares the
 * selection with the table and the details panel rather than keeping one of its own.
 */
public final class BranchTreeViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(BranchTreeViewModel.class);
    /** Operations read for reset and restore markers: the newest pages of the log, enough for any real project. */
    static final int OPERATION_PAGES = 10;
    static final int OPERATION_PAGE_SIZE = 500;
    private static final Duration SAME_EVENT = Duration.ofSeconds(2);

    /** Asks the view to bring a branch into the middle of the picture; {@code serial} makes each request new. */
    public record Centre(String branchId, long serial) {
    }

    /** Writes a picture to a stream; the view supplies it, since drawing needs the toolkit. */
    public interface PictureWriter {
        void write(OutputStream out) throws IOException;
    }

    private final BranchBackend backend;
    private final UiExecutor executor;
    private final Activity activity;
    private final ProjectState state;
    private final ReadOnlyStringProperty selectedId;
    private final ObservableList<String> selectedIds;
    private final Consumer<String> select;

    private final ReadOnlyObjectWrapper<TreeScene> scene = new ReadOnlyObjectWrapper<>(this, "scene");
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ReadOnlyStringWrapper searchStatus = new ReadOnlyStringWrapper(this, "searchStatus", "");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final ReadOnlyObjectWrapper<Centre> centre = new ReadOnlyObjectWrapper<>(this, "centre");

    private final Set<String> collapsed = new HashSet<>();
    private BranchTreeLayout layout;
    private Map<String, TreeScene.Compute> computes = Map.of();
    private Map<String, List<Instant>> loggedResets = Map.of();
    private Map<String, List<TreeMarker>> markers = Map.of();
    private Map<String, Instant> resetsKnown = Map.of();
    private List<String> matches = List.of();
    private int matchIndex = -1;
    private long serial;
    // While the table is shown the tree does not follow the state: no layouts nobody sees.
    private boolean active;
    private boolean dirty = true;
    private boolean markersAsked;
    private boolean markersLoading;
    private boolean markersStale;

    public BranchTreeViewModel(BranchBackend backend, UiExecutor executor, Activity activity, ProjectState state,
                               ReadOnlyStringProperty selectedId, ObservableList<String> selectedIds, Consumer<String> select) {
        this.backend = Objects.requireNonNull(backend);
        this.executor = Objects.requireNonNull(executor);
        this.activity = Objects.requireNonNull(activity);
        this.state = Objects.requireNonNull(state);
        this.selectedId = Objects.requireNonNull(selectedId);
        this.selectedIds = Objects.requireNonNull(selectedIds);
        this.select = Objects.requireNonNull(select);
        layout = BranchTreeLayout.empty(state.clock().instant());
        state.versionProperty().addListener((o, a, b) -> {
            if (active) {
                branchesChanged();
            } else {
                dirty = true;
            }
        });
        selectedId.addListener((o, a, b) -> {
            if (active) {
                updateScene();
            }
        });
        selectedIds.addListener((ListChangeListener<String>) c -> {
            if (active) {
                updateScene();
            }
        });
        search.addListener((o, a, b) -> searchChanged());
    }

    // Properties

    /** What to draw; replaced whenever anything in it changes. */
    public ReadOnlyObjectProperty<TreeScene> sceneProperty() {
        return scene.getReadOnlyProperty();
    }

    /** Highlights branches whose name or id contains it, ignoring case; the table's search is separate. */
    public StringProperty searchProperty() {
        return search;
    }

    /** "2 of 5 matches", a sentence when nothing matches, or empty without a search. */
    public ReadOnlyStringProperty searchStatusProperty() {
        return searchStatus.getReadOnlyProperty();
    }

    /** Something the picture cannot show, in a sentence (markers that could not be loaded), or empty. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** The last request to centre a branch, or null. */
    public ReadOnlyObjectProperty<Centre> centreProperty() {
        return centre.getReadOnlyProperty();
    }

    public BranchTreeLayout layout() {
        return layout;
    }

    /** The ids the search matches, top to bottom. */
    public List<String> matches() {
        return matches;
    }

    public boolean isCollapsed(String branchId) {
        return collapsed.contains(branchId);
    }

    /** The hover card of a branch, or null when the branch is gone. */
    public HoverCard card(String branchId) {
        Branch b = state.branch(branchId);
        if (b == null) {
            return null;
        }
        Instant now = state.clock().instant();
        List<HoverCard.Line> lines = new ArrayList<>();
        lines.add(new HoverCard.Line("ID", b.id()));
        lines.add(new HoverCard.Line("Parent", parentPoint(b)));
        lines.add(new HoverCard.Line("Created", Formats.dateTimeSeconds(b.createdAt(), state.zone())));
        lines.add(new HoverCard.Line("Data size", Formats.dataSize(b.logicalSize())));
        Endpoint compute = state.primaryCompute(b.id());
        Instant lastActive = compute == null ? null : compute.lastActive();
        lines.add(new HoverCard.Line("Last active", lastActive == null ? "Never"
                : Formats.dateTime(lastActive, state.zone()) + " (" + Formats.ago(lastActive, now) + ")"));
        lines.add(new HoverCard.Line("Compute", BranchRow.computeText(compute)));
        List<String> states = BranchBadge.of(b, state.zone(), now).stream().map(BranchBadge::label).toList();
        if (!states.isEmpty()) {
            lines.add(new HoverCard.Line("State", String.join(", ", states)));
        }
        List<TreeMarker> own = markers.getOrDefault(b.id(), List.of());
        if (!own.isEmpty()) {
            TreeMarker lastOne = own.get(own.size() - 1);
            lines.add(new HoverCard.Line("Data replaced", lastOne.kind().label() + " " + Formats.dateTimeSeconds(lastOne.at(), state.zone())
                    + (own.size() > 1 ? " (" + own.size() + " times in all)" : "")));
        }
        return new HoverCard(b.id(), b.name(), lines);
    }

    /** A title for exported pictures: the project and the time. */
    public String pictureTitle() {
        String project = state.project() == null ? "the project" : "\"" + state.project().name() + "\"";
        return "Branches of " + project + " at " + Formats.dateTime(state.clock().instant(), state.zone());
    }

    // Commands

    /** The tree is shown (true) or hidden; hidden, it stops following the state until it is shown again. */
    public void setActive(boolean shown) {
        active = shown;
        if (shown && dirty) {
            dirty = false;
            branchesChanged();
        } else if (shown) {
            updateScene();
        }
    }

    public void select(String branchId) {
        if (branchId != null && state.branch(branchId) != null) {
            select.accept(branchId);
        }
    }

    /** Folds or unfolds the children of a branch; a branch without children has nothing to fold. */
    public void toggleCollapsed(String branchId) {
        BranchTreeLayout.Lane lane = layout.lane(branchId);
        if (lane == null || lane.children() == 0) {
            return;
        }
        if (!collapsed.remove(branchId)) {
            collapsed.add(branchId);
        }
        relayout();
    }

    public void expandAll() {
        if (!collapsed.isEmpty()) {
            collapsed.clear();
            relayout();
        }
    }

    /** Folds every root's children: the trees at a glance. */
    public void collapseAll() {
        for (BranchTreeLayout.Lane lane : layout.lanes()) {
            if (!lane.hasParentLane() && lane.children() > 0) {
                collapsed.add(lane.id());
            }
        }
        relayout();
    }

    public void nextMatch() {
        step(1);
    }

    public void previousMatch() {
        step(-1);
    }

    /** Brings a branch into view, unfolding what hides it. */
    public void reveal(String branchId) {
        Branch b = state.branch(branchId);
        if (b == null) {
            return;
        }
        boolean unfolded = false;
        Set<String> seen = new HashSet<>();
        for (String p = b.parentId(); p != null && seen.add(p); p = parentOf(p)) {
            unfolded |= collapsed.remove(p);
        }
        if (unfolded) {
            relayout();
        }
        centre.set(new Centre(branchId, ++serial));
    }

    /**
     * Saves a picture of the tree to {@code target} (null: the person cancelled) through the status area.
     * A missing folder is refused before anything is written; a failed write leaves no partial file.
     */
    public void export(Path target, TreeExport.Format format, PictureWriter writer) {
        if (target == null) {
            return;
        }
        String name = target.getFileName() == null ? target.toString() : target.getFileName().toString();
        Path file = name.toLowerCase(Locale.ROOT).endsWith("." + format.extension()) ? target
                : target.resolveSibling(name + "." + format.extension());
        String fileName = file.getFileName().toString();
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            activity.refused(new UserError("The folder for \"" + fileName + "\" does not exist. Choose a folder that exists.",
                    "INVALID_INPUT", null));
            return;
        }
        if (file != target && Files.exists(file)) {
            // the save dialog asked about the name as typed, not about the one with the extension added
            activity.refused(new UserError("\"" + fileName + "\" already exists and was not replaced. Choose another name, "
                    + "or type the whole name \"" + fileName + "\" to replace it.", "INVALID_INPUT", null));
            return;
        }
        activity.run("Saving the branch tree as " + fileName, () -> {
            Path partial = folder.resolve("." + fileName + ".partial");
            try {
                try (OutputStream out = Files.newOutputStream(partial)) {
                    writer.write(out);
                }
                Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // the write failed already; that is what the person needs to hear about
                }
                throw new ArborException(ErrorCode.INVALID_INPUT, "EXPORT_FAILED", "Arbor could not write \"" + fileName
                        + "\": " + e.getMessage() + ". Choose another folder or file name.", e.toString(), e);
            }
            return file;
        }, saved -> "Saved the branch tree as " + fileName + ".", error -> { });
    }

    /** Reports a picture that cannot be made, such as a PNG too large to draw. */
    public void refuseExport(String sentence) {
        activity.refused(new UserError(sentence, "INVALID_INPUT", null));
    }

    // Following the state

    private void branchesChanged() {
        Map<String, TreeScene.Compute> c = new HashMap<>();
        Map<String, Instant> resets = new HashMap<>();
        List<Branch> branches = state.branches();
        for (Branch b : branches) {
            TreeScene.Compute compute = computeOf(state.primaryCompute(b.id()));
            if (compute != null) {
                c.put(b.id(), compute);
            }
            if (b.lastResetAt() != null) {
                resets.put(b.id(), b.lastResetAt());
            }
        }
        computes = Map.copyOf(c);
        boolean newResets = !resets.equals(resetsKnown);
        resetsKnown = Map.copyOf(resets);
        markers = mergeMarkers();
        relayout();
        if (!branches.isEmpty() && (newResets || !markersAsked)) {
            markersAsked = true;
            loadMarkers();
        }
    }

    /** The state the tree shows for a branch's primary compute; null for none, or one in no known state. */
    static TreeScene.Compute computeOf(Endpoint compute) {
        if (compute == null) {
            return null;
        }
        return switch (compute.currentState()) {
            case ACTIVE -> TreeScene.Compute.ACTIVE;
            case IDLE -> TreeScene.Compute.IDLE;
            case INIT -> TreeScene.Compute.STARTING;
            case UNKNOWN -> null;
        };
    }

    private void relayout() {
        List<Branch> branches = state.branches();
        collapsed.removeIf(id -> state.branch(id) == null);
        layout = BranchTreeLayout.of(branches, state.clock().instant(), collapsed);
        recomputeMatches(false);
        updateScene();
    }

    private void updateScene() {
        Set<String> selected = new HashSet<>(selectedIds);
        String current = matchIndex >= 0 && matchIndex < matches.size() ? matches.get(matchIndex) : null;
        // "now" is the layout's, so the now line and the lanes' ends agree until the next relayout
        scene.set(new TreeScene(layout, markers, computes, state.zone(), Instant.ofEpochMilli(layout.end()), selectedId.get(),
                selected, Set.copyOf(matches), current));
    }

    // Search

    private void searchChanged() {
        recomputeMatches(true);
        updateScene();
        if (matchIndex >= 0) {
            reveal(matches.get(matchIndex));
        }
    }

    private void recomputeMatches(boolean fromTop) {
        String text = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            matches = List.of();
            matchIndex = -1;
            searchStatus.set("");
            return;
        }
        String current = !fromTop && matchIndex >= 0 && matchIndex < matches.size() ? matches.get(matchIndex) : null;
        Map<String, Integer> order = treeOrder();
        matches = state.branches().stream()
                .filter(b -> b.name().toLowerCase(Locale.ROOT).contains(text) || b.id().toLowerCase(Locale.ROOT).contains(text))
                .map(Branch::id)
                .sorted(Comparator.comparingInt((String id) -> order.getOrDefault(id, Integer.MAX_VALUE)).thenComparing(id -> id))
                .toList();
        matchIndex = matches.isEmpty() ? -1 : current != null && matches.contains(current) ? matches.indexOf(current) : 0;
        updateSearchStatus();
    }

    private void updateSearchStatus() {
        if (matches.isEmpty()) {
            searchStatus.set("No branch name or ID contains \"" + search.get().strip() + "\".");
        } else {
            searchStatus.set((matchIndex + 1) + " of " + matches.size() + (matches.size() == 1 ? " match" : " matches"));
        }
    }

    private void step(int direction) {
        if (matches.isEmpty()) {
            return;
        }
        matchIndex = Math.floorMod(matchIndex + direction, matches.size());
        updateSearchStatus();
        updateScene();
        reveal(matches.get(matchIndex));
    }

    // Top to bottom as the tree shows them unfolded, so matches inside folded subtrees keep their place.
    private Map<String, Integer> treeOrder() {
        BranchTreeLayout full = collapsed.isEmpty() ? layout
                : BranchTreeLayout.of(state.branches(), state.clock().instant(), Set.of());
        Map<String, Integer> order = new HashMap<>(full.lanes().size() * 2);
        for (BranchTreeLayout.Lane lane : full.lanes()) {
            order.put(lane.id(), lane.row());
        }
        return order;
    }

    // Markers

    // Resets and restores move a branch to a new timeline: the operations log has a create_timeline for each.
    private void loadMarkers() {
        if (markersLoading) {
            markersStale = true;
            return;
        }
        markersLoading = true;
        markersStale = false;
        executor.submit(this::readResetLog, logged -> {
            markersLoading = false;
            loggedResets = logged;
            note.set("");
            markers = mergeMarkers();
            updateScene();
            if (markersStale) {
                loadMarkers();
            }
        }, failure -> {
            markersLoading = false;
            LOG.warn("Could not read the operations for reset and restore markers: {}", failure.toString());
            note.set("Only the latest reset or restore of each branch is marked: "
                    + UserError.of(failure, "Arbor could not read the operations log.").sentence());
            if (markersStale) {
                loadMarkers(); // a reset or restore landed meanwhile and asked for the log again: one more try for it
            }
        });
    }

    private Map<String, List<Instant>> readResetLog() {
        Map<String, List<Instant>> times = new HashMap<>();
        String cursor = null;
        for (int page = 0; page < OPERATION_PAGES; page++) {
            Page<Operation> ops = backend.listOperations(cursor, OPERATION_PAGE_SIZE);
            for (Operation op : ops.items()) {
                if (op.action() == Operation.Action.CREATE_TIMELINE && op.status().isSuccess() && op.branchId() != null) {
                    times.computeIfAbsent(op.branchId(), k -> new ArrayList<>()).add(op.createdAt());
                }
            }
            cursor = ops.next();
            if (cursor == null) {
                break;
            }
        }
        return times;
    }

    // The log's entries, plus each branch's last reset, which the branch itself reports even when the log is
    // not at hand. Only the latest can be told apart: a reset moves the branch point to the reset's time.
    private Map<String, List<TreeMarker>> mergeMarkers() {
        Map<String, List<TreeMarker>> all = new HashMap<>();
        Set<String> ids = new HashSet<>(loggedResets.keySet());
        ids.addAll(resetsKnown.keySet());
        for (String id : ids) {
            Branch b = state.branch(id);
            if (b == null) {
                continue;
            }
            List<Instant> times = new ArrayList<>(loggedResets.getOrDefault(id, List.of()));
            Instant last = b.lastResetAt();
            if (last != null && times.stream().noneMatch(t -> near(t, last))) {
                times.add(last);
            }
            times.sort(Comparator.naturalOrder());
            List<TreeMarker> list = new ArrayList<>();
            for (Instant t : times) {
                TreeMarker.Kind kind = last != null && near(t, last)
                        ? (b.parentTimestamp() != null && near(b.parentTimestamp(), last) ? TreeMarker.Kind.RESET : TreeMarker.Kind.RESTORE)
                        : TreeMarker.Kind.RESET_OR_RESTORE;
                list.add(new TreeMarker(t, kind));
            }
            all.put(id, List.copyOf(list));
        }
        return Map.copyOf(all);
    }

    private static boolean near(Instant a, Instant b) {
        return Duration.between(a, b).abs().compareTo(SAME_EVENT) <= 0;
    }

    // Helpers

    private String parentOf(String id) {
        Branch b = state.branch(id);
        return b == null ? null : b.parentId();
    }

    private String parentPoint(Branch b) {
        if (b.isRoot()) {
            return b.isSchemaOnly() ? "None: a schema-only root" : "None: a root branch";
        }
        Branch parent = state.branch(b.parentId());
        String name = parent == null ? b.parentId() : parent.name();
        String lsn = b.parentLsn() == null ? "" : " at LSN " + b.parentLsn();
        String time = b.parentTimestamp() == null ? "" : " · " + Formats.dateTimeSeconds(b.parentTimestamp(), state.zone());
        return name + lsn + time;
    }
}
