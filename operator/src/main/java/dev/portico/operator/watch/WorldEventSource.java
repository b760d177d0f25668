package dev.portico.operator.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * An informer event source that, besides mapping events to primaries, tells translation that its part of
 * the world changed. Updates that change nothing translation reads (a status write: same generation, or
 * the same resourceVersion on a resync) are not news.
 */
final class WorldEventSource<R extends HasMetadata, P extends HasMetadata> extends InformerEventSource<R, P> {
    private final Consumer<R> changed;
    private final Consumer<R> touched;
    private final boolean generationOnly;

    WorldEventSource(InformerEventSourceConfiguration<R> configuration, EventSourceContext<P> context,
            boolean generationOnly, Consumer<R> changed) {
        this(configuration, context, generationOnly, changed, r -> { });
    }

    /** @param touched told of every event, news or not (after the cache took it in) */
    WorldEventSource(InformerEventSourceConfiguration<R> configuration, EventSourceContext<P> context,
            boolean generationOnly, Consumer<R> changed, Consumer<R> touched) {
        super(configuration, context);
        this.changed = changed;
        this.touched = touched;
        this.generationOnly = generationOnly;
    }

    @Override
    public void onAdd(R resource) {
        try {
            super.onAdd(resource);
        } finally {
            touched.accept(resource);
            changed.accept(resource); // translation must hear of it even if mapping to primaries failed
        }
    }

    @Override
    public void onUpdate(R oldResource, R newResource) {
        try {
            super.onUpdate(oldResource, newResource);
        } finally {
            touched.accept(newResource);
            updated(oldResource, newResource);
        }
    }

    private void updated(R oldResource, R newResource) {
        boolean news = generationOnly
                ? !Objects.equals(oldResource.getMetadata().getGeneration(), newResource.getMetadata().getGeneration())
                        || !Objects.equals(oldResource.getMetadata().getLabels(), newResource.getMetadata().getLabels())
                : !Objects.equals(oldResource.getMetadata().getResourceVersion(),
                        newResource.getMetadata().getResourceVersion());
        if (news) {
            changed.accept(newResource);
        }
    }

    @Override
    public void onDelete(R resource, boolean deletedFinalStateUnknown) {
        try {
            super.onDelete(resource, deletedFinalStateUnknown);
        } finally {
            touched.accept(resource);
            changed.accept(resource);
        }
    }
}
