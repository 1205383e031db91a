package io.iwpspark.jobs.aggregate;

/** The Pareto front of (metric: higher is better, cost: lower is better) points. */
public final class Pareto {
    private Pareto() {}

    /**
     * True where no other point is at least as good in both and strictly better in one. A point with
     * a NaN metric or cost is never on the front.
     */
    public static boolean[] front(double[] metric, double[] cost) {
        if (metric.length != cost.length) {
            throw new IllegalArgumentException("metric and cost must have the same length, found "
                    + metric.length + " and " + cost.length);
        }
        int n = metric.length;
        boolean[] onFront = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(metric[i]) || Double.isNaN(cost[i])) {
                continue;
            }
            boolean dominated = false;
            for (int j = 0; j < n && !dominated; j++) {
                if (j == i || Double.isNaN(metric[j]) || Double.isNaN(cost[j])) {
                    continue;
                }
                dominated = metric[j] >= metric[i] && cost[j] <= cost[i]
                        && (metric[j] > metric[i] || cost[j] < cost[i]);
            }
            onFront[i] = !dominated;
        }
        return onFront;
    }
}
