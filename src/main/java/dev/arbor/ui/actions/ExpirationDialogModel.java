package dev.arbor.ui.actions;

import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPolicy;
import dev.arbor.ui.common.ExpirationChoice;
import dev.arbor.ui.common.Formats;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** Set expiration: a span, a date and time, or never; checked by the rules as it changes. */
public final class ExpirationDialogModel implements ActionDialog {
    private final Branch branch;
    private final BranchPolicy policy;
    private final Clock clock;
    private final Consumer<Instant> onSave;
    private final Runnable onCancel;
    private final ObjectProperty<ExpirationChoice> choice = new SimpleObjectProperty<>(this, "choice");
    private final StringProperty customTime = new SimpleStringProperty(this, "customTime", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper(this, "outcome", "");

    ExpirationDialogModel(Branch branch, BranchPolicy policy, Clock clock, Consumer<Instant> onSave, Runnable onCancel) {
        this.branch = branch;
        this.policy = policy;
        this.clock = clock;
        this.onSave = onSave;
        this.onCancel = onCancel;
        choice.addListener((o, a, b) -> check());
        customTime.addListener((o, a, b) -> check());
        customTime.set(Formats.dateTime(branch.expires() ? branch.expiresAt()
                : ExpirationChoice.ONE_DAY.from(clock.instant()), clock.getZone()));
        choice.set(branch.expires() ? ExpirationChoice.CUSTOM : ExpirationChoice.SEVEN_DAYS);
    }

    @Override
    public String title() {
        return "Set expiration for \"" + branch.name() + "\"";
    }

    public ObjectProperty<ExpirationChoice> choiceProperty() {
        return choice;
    }

    /** The date and time for {@link ExpirationChoice#CUSTOM}, as {@code yyyy-MM-dd HH:mm} in local time. */
    public StringProperty customTimeProperty() {
        return customTime;
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** What saving will do, in a sentence. */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    public void save() {
        check();
        if (problem.get() == null) {
            onSave.accept(expiresAt());
        }
    }

    @Override
    public void cancel() {
        onCancel.run();
    }

    private Instant expiresAt() {
        ExpirationChoice c = choice.get();
        if (c == null || c == ExpirationChoice.NEVER) {
            return null;
        }
        return c == ExpirationChoice.CUSTOM ? Formats.parseDateTime(customTime.get(), clock.getZone())
                : c.from(clock.instant());
    }

    private void check() {
        ExpirationChoice c = choice.get();
        Instant at = expiresAt();
        if (c == ExpirationChoice.CUSTOM && at == null) {
            problem.set("Enter the date and time as yyyy-MM-dd HH:mm, for example "
                    + Formats.dateTime(clock.instant().plus(java.time.Duration.ofDays(1)), clock.getZone()) + ".");
            outcome.set("");
            return;
        }
        var verdict = policy.canSetExpiration(branch, at, clock.instant());
        problem.set(verdict.allowed() ? null : verdict.message());
        outcome.set(at == null ? "\"" + branch.name() + "\" will be kept until someone deletes it."
                : "\"" + branch.name() + "\" and its computes will be deleted automatically at "
                + Formats.dateTime(at, clock.getZone()) + ".");
    }
}
