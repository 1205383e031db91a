package io.iwpspark.jobs.schema;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The stable id of a pruning configuration: {@code method|b=budget|k1=v1,k2=v2} with parameters in
 * key order, or {@link Predictions#UNPRUNED}. The same id in two runs means the same configuration,
 * which is what makes a sweep resumable.
 */
public final class ConfigId {
    private ConfigId() {}

    public static String of(String method, int budget, Map<String, String> params) {
        return method + "|b=" + budget + (params.isEmpty() ? "" : "|" + paramsText(params));
    }

    /** "k1=v1,k2=v2" in key order; "" for none. */
    public static String paramsText(Map<String, String> params) {
        StringJoiner j = new StringJoiner(",");
        new TreeMap<>(params).forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }

    /** The curve a configuration belongs to in a plot: the method and its parameters, not the budget. */
    public static String seriesLabel(String method, Map<String, String> params) {
        return params == null || params.isEmpty() ? method : method + " (" + paramsText(params) + ")";
    }
}
