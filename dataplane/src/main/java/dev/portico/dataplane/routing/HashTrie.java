package dev.portico.dataplane.routing;

import java.util.function.BiConsumer;

/**
 * An immutable map from strings whose {@link #with} and {@link #without} copy only the nodes on the
 * way to one key (a hash array mapped trie: 32 branches, 5 hash bits a level), so one route change
 * touches a few small arrays instead of copying a map of thousands of hosts or path segments.
 * Values are never null.
 */
final class HashTrie<V> {
    private static final Node EMPTY_NODE = new Node(0, new Object[0], false);
    private static final HashTrie<?> EMPTY = new HashTrie<>(EMPTY_NODE, 0);

    private final Node root;
    private final int size;

    private HashTrie(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <V> HashTrie<V> empty() {
        return (HashTrie<V>) EMPTY;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    @SuppressWarnings("unchecked")
    V get(String key) {
        int h = key.hashCode();
        Node n = root;
        for (int shift = 0; ; shift += 5) {
            if (n.collision) {
                return (V) n.find(key);
            }
            int bit = bit(h, shift);
            if ((n.bitmap & bit) == 0) {
                return null;
            }
            int i = n.index(bit);
            Object k = n.slots[i];
            if (k == null) {
                n = (Node) n.slots[i + 1];
            } else {
                return key.equals(k) ? (V) n.slots[i + 1] : null;
            }
        }
    }

    HashTrie<V> with(String key, V value) {
        int grown = get(key) == null ? 1 : 0;
        return new HashTrie<>(put(root, 0, key.hashCode(), key, value), size + grown);
    }

    HashTrie<V> without(String key) {
        if (get(key) == null) {
            return this;
        }
        Node left = remove(root, 0, key.hashCode(), key);
        return size == 1 || left == null ? empty() : new HashTrie<>(left, size - 1);
    }

    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<String, V> action) {
        root.forEach((BiConsumer<String, Object>) action);
    }

    private static int bit(int hash, int shift) {
        return 1 << ((hash >>> shift) & 31);
    }

    private static Node put(Node n, int shift, int h, String key, Object value) {
        if (n.collision) {
            for (int i = 0; i < n.slots.length; i += 2) {
                if (key.equals(n.slots[i])) {
                    return n.replaced(i + 1, value);
                }
            }
            Object[] more = java.util.Arrays.copyOf(n.slots, n.slots.length + 2);
            more[n.slots.length] = key;
            more[n.slots.length + 1] = value;
            return new Node(0, more, true);
        }
        int bit = bit(h, shift);
        int i = n.index(bit);
        if ((n.bitmap & bit) == 0) {
            Object[] more = new Object[n.slots.length + 2];
            System.arraycopy(n.slots, 0, more, 0, i);
            more[i] = key;
            more[i + 1] = value;
            System.arraycopy(n.slots, i, more, i + 2, n.slots.length - i);
            return new Node(n.bitmap | bit, more, false);
        }
        Object k = n.slots[i];
        if (k == null) {
            return n.replaced(i + 1, put((Node) n.slots[i + 1], shift + 5, h, key, value));
        }
        if (key.equals(k)) {
            return n.replaced(i + 1, value);
        }
        Node split = pair((String) k, n.slots[i + 1], key, value, shift + 5);
        Object[] copy = n.slots.clone();
        copy[i] = null;
        copy[i + 1] = split;
        return new Node(n.bitmap, copy, false);
    }

    /** A node holding two keys whose hashes agree below {@code shift}. */
    private static Node pair(String k1, Object v1, String k2, Object v2, int shift) {
        int h1 = k1.hashCode();
        int h2 = k2.hashCode();
        if (shift >= 32) {
            return new Node(0, new Object[] {k1, v1, k2, v2}, true); // the whole hash is equal
        }
        int b1 = bit(h1, shift);
        int b2 = bit(h2, shift);
        if (b1 == b2) {
            return new Node(b1, new Object[] {null, pair(k1, v1, k2, v2, shift + 5)}, false);
        }
        return Integer.compareUnsigned(b1, b2) < 0
                ? new Node(b1 | b2, new Object[] {k1, v1, k2, v2}, false)
                : new Node(b1 | b2, new Object[] {k2, v2, k1, v1}, false);
    }

    /** The node without {@code key} (known present), or null when nothing is left. */
    private static Node remove(Node n, int shift, int h, String key) {
        if (n.collision) {
            if (n.slots.length == 2) {
                return null;
            }
            Object[] less = new Object[n.slots.length - 2];
            for (int i = 0, j = 0; i < n.slots.length; i += 2) {
                if (!key.equals(n.slots[i])) {
                    less[j++] = n.slots[i];
                    less[j++] = n.slots[i + 1];
                }
            }
            return new Node(0, less, true);
        }
        int bit = bit(h, shift);
        int i = n.index(bit);
        Object k = n.slots[i];
        if (k != null) {
            return n.without(i, bit);
        }
        Node child = remove((Node) n.slots[i + 1], shift + 5, h, key);
        if (child == null) {
            return n.without(i, bit);
        }
        if (child.slots.length == 2 && child.slots[0] != null) {
            Object[] copy = n.slots.clone(); // a lone entry moves up: chains of single-child nodes never stay
            copy[i] = child.slots[0];
            copy[i + 1] = child.slots[1];
            return new Node(n.bitmap, copy, false);
        }
        return n.replaced(i + 1, child);
    }

    /** Key/value pairs; a null key means the value is a child node. Collision nodes hold equal hashes in a list. */
    private static final class Node {
        final int bitmap;
        final Object[] slots;
        final boolean collision;

        Node(int bitmap, Object[] slots, boolean collision) {
            this.bitmap = bitmap;
            this.slots = slots;
            this.collision = collision;
        }

        int index(int bit) {
            return 2 * Integer.bitCount(bitmap & (bit - 1));
        }

        Object find(String key) {
            for (int i = 0; i < slots.length; i += 2) {
                if (key.equals(slots[i])) {
                    return slots[i + 1];
                }
            }
            return null;
        }

        Node replaced(int i, Object value) {
            if (slots[i] == value) {
                return this;
            }
            Object[] copy = slots.clone();
            copy[i] = value;
            return new Node(bitmap, copy, collision);
        }

        Node without(int i, int bit) {
            if (slots.length == 2) {
                return null;
            }
            Object[] less = new Object[slots.length - 2];
            System.arraycopy(slots, 0, less, 0, i);
            System.arraycopy(slots, i + 2, less, i, slots.length - i - 2);
            return new Node(bitmap & ~bit, less, false);
        }

        void forEach(BiConsumer<String, Object> action) {
            for (int i = 0; i < slots.length; i += 2) {
                if (slots[i] == null) {
                    ((Node) slots[i + 1]).forEach(action);
                } else {
                    action.accept((String) slots[i], slots[i + 1]);
                }
            }
        }
    }
}
