package io.iwpspark.jobs.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One method of a sweep and its hyper-parameter grid: every combination of the listed values is a
 * configuration (at every budget of the sweep).
 *
 * @param name the pruner's registry name
 * @param grid parameter -> the values to sweep (text, as the pruner's factory reads them)
 */
public record MethodGrid(String name, Map<String, List<String>> grid) implements java.io.Serializable {
    public MethodGrid {
        grid = new TreeMap<>(grid);
        grid.replaceAll((k, v) -> List.copyOf(v));
        for (Map.Entry<String, List<String>> e : grid.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("methods." + name + "." + e.getKey()
                        + " must list at least one value, found none");
            }
        }
    }

    /** The cartesian product of the grid, each point a parameter map (one empty map for no grid). */
    public List<Map<String, String>> points() {
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> e : grid.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> p : points) {
                for (String v : e.getValue()) {
                    Map<String, String> q = new LinkedHashMap<>(p);
                    q.put(e.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        return points.stream().map(Map::copyOf).toList();
    }
}
