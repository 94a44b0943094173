package dev.arbor.ui.restore;

import dev.arbor.domain.Branch;
import dev.arbor.domain.PointInTime;

/**
 * Time Travel Assist's SQL tab on the preview step (seeds: "run read-only queries against your selected timestamp
 * … before you click to restore"), as the wizard drives it. The SQL editor's package makes it, since that package
 * already builds on this one's point picker; whoever opens the wizard hands it in, and a wizard without one shows
 * its table browser alone.
 */
public interface PreviewQueries {

    /**
     * The preview shows {@code source} at {@code point} (described as {@code pointText}): queries read there from
     * the next run. Another source or point lets go of the old one and re-runs nothing.
     */
    void showPoint(Branch source, PointInTime point, String pointText);

    /** The preview no longer shows the point (the wizard left the step, or closed): what was held there is closed. */
    void release();

    /** Stops the query being run or connected, if any, and says whether there was one (Escape stops it first). */
    boolean cancelRunning();
}
