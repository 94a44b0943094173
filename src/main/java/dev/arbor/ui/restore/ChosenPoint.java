package dev.arbor.ui.restore;

import dev.arbor.backend.ResolvedPoint;
import dev.arbor.domain.Branch;
import dev.arbor.domain.PointInTime;
import dev.arbor.ui.common.Formats;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Where the restored data comes from, as the source and point steps chose it: the branch, the point in
 * its history (its head when the source step says so, else the picker's), and that point in words.
 */
final class ChosenPoint {
    private final RestoreSourceModel source;
    private final PointPickerModel picker;

    ChosenPoint(RestoreSourceModel source, PointPickerModel picker) {
        this.source = Objects.requireNonNull(source);
        this.picker = Objects.requireNonNull(picker);
    }

    /** The branch whose history the point is in, or null while there is none. */
    Branch branch() {
        return source.pointBranch();
    }

    /** The point, or null while the picker has none. */
    PointInTime point() {
        return source.isHead() ? PointInTime.HEAD : picker.pointProperty().get();
    }

    /** The point in words, with its time and LSN where the backend knows them. */
    String text() {
        Branch from = branch();
        PointInTime p = point();
        if (p == null || from == null) {
            return "";
        }
        String zone = picker.zone() == ZoneOffset.UTC ? "UTC" : picker.zone().getId();
        ResolvedPoint r = picker.resolvedProperty().get();
        return switch (p) {
            case PointInTime.Head h -> "its latest data (head" + (from.headLsn() == null ? ""
                    : ", now LSN " + from.headLsn() + (from.headTimestamp() == null ? ""
                    : " committed at " + Formats.dateTimeMillis(from.headTimestamp(), picker.zone()) + " " + zone)) + ")";
            case PointInTime.AtTimestamp at -> Formats.dateTimeMillis(at.timestamp(), picker.zone()) + " " + zone
                    + (r != null && r.lsn() != null ? " (LSN " + r.lsn() + ")" : " (the backend resolves the LSN when it restores)");
            case PointInTime.AtLsn l -> "LSN " + l.lsn() + (r != null && r.committedAt() != null
                    ? " (committed at " + Formats.dateTimeMillis(r.committedAt(), picker.zone()) + " " + zone + ")" : "");
        };
    }
}
