package io.iwpspark.pruning.iwp;

/** Maps log magnitudes to relevance in [0, 1] as {@link MagnitudeScale} says. */
final class MagnitudeScaling {
    private MagnitudeScaling() {}

    /** @param logMagnitude (N) log m_i; returns (N) r_i */
    static float[] scale(float[] logMagnitude, MagnitudeScale scale) {
        int n = logMagnitude.length;
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (float v : logMagnitude) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        float[] r = new float[n];
        switch (scale) {
            case RATIO -> {
                for (int i = 0; i < n; i++) {
                    r[i] = (float) Math.exp(logMagnitude[i] - max);
                }
            }
            case MINMAX_LOG -> {
                float range = max - min;
                for (int i = 0; i < n; i++) {
                    r[i] = range > 0 ? (logMagnitude[i] - min) / range : 1f;
                }
            }
            case RANK -> {
                int[] byRank = io.iwpspark.pruning.Ranking.topK(logMagnitude, null, n);
                for (int rank = 0; rank < n; rank++) {
                    r[byRank[rank]] = n == 1 ? 1f : 1f - (float) rank / (n - 1);
                }
            }
        }
        return r;
    }
}
