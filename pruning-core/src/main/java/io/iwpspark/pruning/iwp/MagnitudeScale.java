package io.iwpspark.pruning.iwp;

/** How the information magnitude m_i is scaled to [0, 1] so it is comparable with duplication. */
public enum MagnitudeScale {
    /** r_i = m_i / max_j m_j (default). */
    RATIO,
    /** r_i = 1 - rank_i / (N - 1), rank 0 the largest magnitude. */
    RANK,
    /** r_i = (log m_i - min log m) / (max log m - min log m). */
    MINMAX_LOG
}
