package io.qscale.cli.dashboard;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last few minutes of a pool: one point per tick (queue length, workers running, target).
 * Bounded; not thread-safe (the dashboard's one thread owns it).
 */
public final class History {

    /**
     * One tick of history.
     *
     * @param target the workers the latest decision asked for (the pool itself before any decision)
     */
    public record Point(Instant at, long queue, int workers, int target, int busy) {
    }

    private final int capacity;
    private final Deque<Point> points = new ArrayDeque<>();

    public History(int capacity) {
        this.capacity = capacity;
    }

    public void add(Point point) {
        if (points.size() == capacity) {
            points.removeFirst();
        }
        points.addLast(point);
    }

    public List<Point> points() {
        return new ArrayList<>(points);
    }

    public boolean isEmpty() {
        return points.isEmpty();
    }
}
