package dev.portico.operator.stream;

import dev.portico.snapshot.ContentHasher;
import dev.portico.snapshot.Snapshot;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The version store: gives every new content of a gateway group the next version, keeps the last few
 * versions of each group (the bases of deltas and of resumes) and never republishes unchanged content.
 *
 * <p>Versions come from the wall clock in milliseconds (or last + 1 when faster), so an operator that
 * restarts never hands out a version lower than one its data planes remember. Resume itself relies on
 * the content hash: equal content means nothing is resent, whatever the version. Thread-safe.
 */
public final class SnapshotPublisher {
    public static final int DEFAULT_RETAINED = 16;

    private final Clock clock;
    private final int retained;
    private final Map<String, Deque<PublishedSnapshot>> history = new HashMap<>();
    private final Map<String, ContentHasher> hashers = new HashMap<>(); // a one-route change hashes one route
    private final List<Consumer<PublishedSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private long lastVersion;
    private volatile boolean initialized;

    public SnapshotPublisher(Clock clock, int retained) {
        this.clock = clock;
        this.retained = Math.max(1, retained);
    }

    public SnapshotPublisher() {
        this(Clock.systemUTC(), DEFAULT_RETAINED);
    }

    /** Called with every newly published version, on the publishing thread. */
    public void onPublished(Consumer<PublishedSnapshot> listener) {
        listeners.add(listener);
    }

    /**
     * Publishes the snapshot of one group (its version is ignored and replaced).
     *
     * @return the group's latest version afterwards: the existing one when the content is unchanged
     */
    public PublishedSnapshot publish(Snapshot snapshot) {
        List<PublishedSnapshot> fresh = new ArrayList<>(1);
        PublishedSnapshot latest;
        synchronized (this) {
            latest = publishLocked(snapshot, fresh);
        }
        fresh.forEach(this::notifyListeners);
        return latest;
    }

    /**
     * Publishes the whole world: one snapshot per group. A group published before but absent now gets an
     * empty snapshot, so its data planes drop routes that no longer exist. Marks the store initialized.
     *
     * @return the latest version of every known group afterwards
     */
    public Map<String, PublishedSnapshot> publishWorld(Collection<Snapshot> snapshots) {
        List<PublishedSnapshot> fresh = new ArrayList<>();
        Map<String, PublishedSnapshot> latest = new LinkedHashMap<>();
        synchronized (this) {
            Map<String, Snapshot> byGroup = new LinkedHashMap<>();
            snapshots.forEach(s -> byGroup.put(s.gateway(), s));
            history.keySet().forEach(group -> byGroup.putIfAbsent(group, Snapshot.empty(group)));
            byGroup.values().forEach(s -> latest.put(s.gateway(), publishLocked(s, fresh)));
            initialized = true;
        }
        fresh.forEach(this::notifyListeners);
        return latest;
    }

    /** A group a data plane asks for after the first world was published starts out empty. */
    public PublishedSnapshot ensureGroup(String group) {
        synchronized (this) {
            if (!initialized || history.containsKey(group)) {
                return latest(group);
            }
        }
        return publish(Snapshot.empty(group));
    }

    /** True once the first whole world was published: before that, nothing may be sent to data planes. */
    public boolean initialized() {
        return initialized;
    }

    public synchronized PublishedSnapshot latest(String group) {
        Deque<PublishedSnapshot> versions = history.get(group);
        return versions == null ? null : versions.peekFirst();
    }

    public synchronized Set<String> groups() {
        return new TreeSet<>(history.keySet());
    }

    /**
     * The retained version a data plane that reports {@code version}/{@code hash} holds: that exact version
     * when its hash agrees, else any retained version with the same content; null when neither is known.
     */
    public synchronized PublishedSnapshot find(String group, long version, String hash) {
        Deque<PublishedSnapshot> versions = history.get(group);
        if (versions == null || hash == null || hash.isEmpty()) {
            return null;
        }
        PublishedSnapshot sameContent = null;
        for (PublishedSnapshot p : versions) {
            if (p.hash().equals(hash)) {
                if (p.version() == version) {
                    return p;
                }
                sameContent = sameContent == null ? p : sameContent;
            }
        }
        return sameContent;
    }

    private PublishedSnapshot publishLocked(Snapshot snapshot, List<PublishedSnapshot> fresh) {
        Deque<PublishedSnapshot> versions = history.computeIfAbsent(snapshot.gateway(), g -> new ArrayDeque<>());
        PublishedSnapshot current = versions.peekFirst();
        if (current != null && current.snapshot().sameContent(snapshot)) {
            return current;
        }
        lastVersion = Math.max(clock.millis(), lastVersion + 1);
        Snapshot versioned = snapshot.withVersion(lastVersion);
        String hash = hashers.computeIfAbsent(snapshot.gateway(), g -> new ContentHasher()).hash(versioned);
        PublishedSnapshot published = new PublishedSnapshot(versioned, hash, clock.instant());
        versions.addFirst(published);
        while (versions.size() > retained) {
            versions.removeLast();
        }
        fresh.add(published);
        return published;
    }

    private void notifyListeners(PublishedSnapshot published) {
        listeners.forEach(l -> l.accept(published));
    }
}
