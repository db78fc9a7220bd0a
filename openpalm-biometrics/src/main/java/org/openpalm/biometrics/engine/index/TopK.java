package org.openpalm.biometrics.engine.index;


/**
 * The {@code capacity} smallest (key, slot) pairs offered, as a bounded max-heap of primitives
 * (no object per candidate: the coarse scan offers up to a million). Ties on the key are broken
 * by the smaller slot so that results do not depend on the scan order or the task split.
 */
public final class TopK {
    private final long[] keys;
    private final int[] slots;
    private int size;

    public TopK(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive: " + capacity);
        this.keys = new long[capacity];
        this.slots = new int[capacity];
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return keys.length;
    }

    /** The largest key kept (meaningful once the heap holds anything). */
    public long worstKey() {
        return keys[0];
    }

    /** True when (key, slot) would enter: cheap enough to call before computing anything else. */
    public boolean accepts(long key, int slot) {
        return size < keys.length || less(key, slot, keys[0], slots[0]);
    }

    public void offer(long key, int slot) {
        if (size < keys.length) {
            int i = size++;
            keys[i] = key;
            slots[i] = slot;
            siftUp(i);
        } else if (less(key, slot, keys[0], slots[0])) {
            keys[0] = key;
            slots[0] = slot;
            siftDown(0);
        }
    }

    public void offerAll(TopK other) {
        for (int i = 0; i < other.size; i++) offer(other.keys[i], other.slots[i]);
    }

    /** The slots, best (smallest key) first. */
    public int[] sortedSlots() {
        int[] order = sortedOrder();
        int[] out = new int[size];
        for (int i = 0; i < size; i++) out[i] = slots[order[i]];
        return out;
    }

    /** The keys in the order of {@link #sortedSlots()}. */
    public long[] sortedKeys() {
        int[] order = sortedOrder();
        long[] out = new long[size];
        for (int i = 0; i < size; i++) out[i] = keys[order[i]];
        return out;
    }

    /**
     * Insertion sort of the heap positions by (key, slot): the heap holds at most a few hundred
     * entries, and sorting boxed indices with a comparator (TimSort) cost an allocation per entry
     * and kept the JIT recompiling the shared TimSort code for each new element type.
     */
    private int[] sortedOrder() {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            int j = i;
            while (j > 0 && less(keys[i], slots[i], keys[order[j - 1]], slots[order[j - 1]])) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        return order;
    }

    private static boolean less(long k1, int s1, long k2, int s2) {
        return k1 < k2 || (k1 == k2 && s1 < s2);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!less(keys[parent], slots[parent], keys[i], slots[i])) break;
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) return;
            int largest = l;
            int r = l + 1;
            if (r < size && less(keys[l], slots[l], keys[r], slots[r])) largest = r;
            if (!less(keys[i], slots[i], keys[largest], slots[largest])) return;
            swap(i, largest);
            i = largest;
        }
    }

    private void swap(int a, int b) {
        long k = keys[a];
        keys[a] = keys[b];
        keys[b] = k;
        int s = slots[a];
        slots[a] = slots[b];
        slots[b] = s;
    }
}
