package dev.arbor.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.Property;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.util.Subscription;

/**
 * What a view binds to its models, held while the view is shown. Everything registered here is connected
 * when the view enters a scene and released when it leaves one, and connected again if it comes back: a
 * view taken off the screen neither reacts to its models nor is kept alive by them, and a model that
 * outlives its view (the project state, a page's ViewModels) is left with no trace of it.
 *
 * <p>Connecting again catches up: {@link #subscribe} and {@link #onChange} run their action with what the
 * model holds now, so a view that was away while the model changed shows the change when it is back.
 */
public final class ViewBindings {
    private final Node view;
    private final List<Supplier<Subscription>> connections = new ArrayList<>();
    private final List<Subscription> live = new ArrayList<>();
    private boolean connected;

    private ViewBindings(Node view) {
        this.view = view;
        // a subscriber, not a listener: it runs now too, for a view that is already in a scene
        view.sceneProperty().subscribe(scene -> {
            if (scene != null) {
                connect();
            } else {
                release();
            }
        });
    }

    /** The bindings of {@code view}, connected while it is in a scene. */
    public static ViewBindings of(Node view) {
        return new ViewBindings(Objects.requireNonNull(view));
    }

    /** True while the view is in a scene and everything registered is connected. */
    public boolean isConnected() {
        return connected;
    }

    /** {@code target} follows {@code source}. */
    public <T> ViewBindings bind(Property<T> target, ObservableValue<? extends T> source) {
        return add(() -> {
            target.bind(source);
            return target::unbind;
        });
    }

    /** A real two-way input: the control and the model's property follow each other. */
    public <T> ViewBindings bindBidirectional(Property<T> control, Property<T> model) {
        return add(() -> {
            control.bindBidirectional(model);
            return () -> control.unbindBidirectional(model);
        });
    }

    /** Runs {@code action} with the value now and with every new one. */
    public <T> ViewBindings subscribe(ObservableValue<T> value, Consumer<? super T> action) {
        return add(() -> value.subscribe(action));
    }

    /** Runs {@code action} now and whenever any of {@code dependencies} changes. */
    public ViewBindings onChange(Runnable action, Observable... dependencies) {
        return add(() -> {
            Subscription all = Subscription.EMPTY;
            for (Observable dependency : dependencies) {
                all = all.and(whenChanged(dependency, action));
            }
            action.run();
            return all;
        });
    }

    /** {@code listener} hears every change from now on (it is not run for the value now). */
    public <T> ViewBindings listen(ObservableValue<T> value, ChangeListener<? super T> listener) {
        return add(() -> {
            value.addListener(listener);
            return () -> value.removeListener(listener);
        });
    }

    /** {@code listener} hears every change to the list from now on. */
    public <E> ViewBindings listen(ObservableList<E> list, ListChangeListener<? super E> listener) {
        return add(() -> {
            list.addListener(listener);
            return () -> list.removeListener(listener);
        });
    }

    /**
     * Anything else a view holds on to while shown: {@code connect} makes the connection and returns how to
     * undo it.
     */
    public ViewBindings add(Supplier<Subscription> connect) {
        connections.add(Objects.requireNonNull(connect));
        if (connected) {
            live.add(connect.get());
        }
        return this;
    }

    private void connect() {
        if (!connected) {
            connected = true;
            for (Supplier<Subscription> c : List.copyOf(connections)) {
                live.add(c.get());
            }
        }
    }

    private void release() {
        connected = false;
        for (int i = live.size() - 1; i >= 0; i--) {
            live.get(i).unsubscribe();
        }
        live.clear();
    }

    // A value is heard through a change listener: an invalidation listener falls silent until someone reads it.
    private static Subscription whenChanged(Observable dependency, Runnable action) {
        if (dependency instanceof ObservableValue<?> value) {
            ChangeListener<Object> listener = (o, a, b) -> action.run();
            value.addListener(listener);
            return () -> value.removeListener(listener);
        }
        InvalidationListener listener = o -> action.run();
        dependency.addListener(listener);
        return () -> dependency.removeListener(listener);
    }
}
