package io.iwpspark.pruning.iwp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.pruning.Tensors;

/**
 * IWP's per-token information magnitude and pairwise duplication (METHOD.md section 1; our
 * derivation from the paper's abstract, not the paper's formulas).
 *
 * <p>Token i contributes the rank-1 term T_i = v_i phi(k_i)^T to the implicit weight W of every
 * group h (a KV head at a layer); W is block diagonal over groups, so
 * m_i^2 = sum_h (m_i^h)^2 and <T_i, T_j> = sum_h <T_i^h, T_j^h>. Per group, in log space:
 * <ul>
 *   <li>EXP: log m_i^h = log ||v|| + ||k||^2 / (2 sqrt d);
 *       <T_i^h, T_j^h> / (m_i^h m_j^h) = cos(v_i, v_j) exp(-||k_i - k_j||^2 / (2 sqrt d));</li>
 *   <li>LINEAR: log m_i^h = log ||v|| + log ||k||; the ratio is cos(v_i, v_j) cos(k_i, k_j).</li>
 * </ul>
 * With the group weights w_i^h = m_i^h / m_i (so sum_h (w_i^h)^2 = 1) the duplication is
 * dup(i, j) = sum_h w_i^h w_j^h ratio^h(i, j), |dup| <= 1, and no exp ever overflows.
 * The weights are folded into the unit values: u_i^h = w_i^h v_i^h / ||v_i^h||.
 *
 * <p>Holds its arrays in its own sub-manager; close it when done.
 */
public final class IwpScores implements AutoCloseable {
    private static final float EPS = 1e-30f;
    private static final long SLAB_FLOATS = 1 << 18;

    private final NDManager manager;
    private final Kernel kernel;
    private final int numTokens;
    private final NDArray logMagnitude; // (N) log m_i
    private final NDArray values; // (G, N, d) the caller's values as given (not owned) when float32, else an owned copy
    private final NDArray unitScale; // (G, N) w_i^h / ||v_i^h||: u_i^h = unitScale v_i^h
    private NDArray weightedUnitValues; // (G, N, d) u_i^h, made at the first use
    private final NDArray keyFactor; // EXP: (G, N, d) the caller's keys as given (not owned); LINEAR: (G, N, d) k / ||k||
    private final NDArray keySquaredHalf; // EXP: (G, N) ||k||^2 / (2 sqrt d); LINEAR: null
    private final double keyColumnScale; // EXP: 1 / sqrt d, applied to the (G, c, d) columns of each key product; LINEAR: 1

    private IwpScores(NDManager manager, Kernel kernel, int numTokens, NDArray logMagnitude, NDArray values,
            NDArray unitScale, NDArray keyFactor, NDArray keySquaredHalf, double keyColumnScale) {
        this.manager = manager;
        this.kernel = kernel;
        this.numTokens = numTokens;
        this.logMagnitude = logMagnitude;
        this.values = values;
        this.unitScale = unitScale;
        this.keyFactor = keyFactor;
        this.keySquaredHalf = keySquaredHalf;
        this.keyColumnScale = keyColumnScale;
    }

    /**
     * @param keys (G, N, d) visual keys, G groups (KV heads x layers); under EXP they are read again by
     *     {@link #duplication}, so they must stay open while this object is used
     * @param values (G, N, d) visual values; read again too (u = unitScale v is made when first needed,
     *     and PC-MMR's lazy blocks scale the rows they copy), so they must stay open as well
     */
    public static IwpScores compute(NDArray keys, NDArray values, Kernel kernel) {
        Tensors.requireKeysValues(keys, values);
        int n = (int) keys.getShape().get(1);
        double d = keys.getShape().get(2);
        NDManager m = keys.getManager().newSubManager();
        try (NDManager tmp = m.newSubManager()) {
            // Results of an op land in the manager of its operand: lend the inputs to tmp so every
            // intermediate is freed with it (the inputs go back to their owner when tmp closes).
            tmp.tempAttachAll(keys, values);
            NDArray k = keys.toType(DataType.FLOAT32, false);
            NDArray v = values.toType(DataType.FLOAT32, false);
            NDArray vNorm = squaredNorms(v).sqrt().maximum(EPS); // (G, N)
            NDArray kSq = squaredNorms(k); // (G, N)
            NDArray logPerGroup; // (G, N) log m_i^h
            NDArray keyFactor;
            NDArray keySqHalf = null;
            double keyColumnScale = 1;
            if (kernel == Kernel.EXP) {
                double twoSqrtD = 2 * Math.sqrt(d);
                keySqHalf = kSq.div(twoSqrtD);
                logPerGroup = vNorm.log().add(keySqHalf);
                keyFactor = k; // not scaled here: duplication scales the (G, c, d) columns instead
                keyColumnScale = 2 / twoSqrtD;
            } else {
                NDArray kNorm = kSq.sqrt().maximum(EPS);
                logPerGroup = vNorm.log().add(kNorm.log());
                keyFactor = k.div(kNorm.expandDims(2));
            }
            // log m_i = 0.5 logsumexp_h (2 log m_i^h), shifted by the per-token max for stability.
            NDArray twice = logPerGroup.mul(2);
            NDArray peak = twice.max(new int[] {0}); // (N)
            NDArray logMag = twice.sub(peak).exp().sum(new int[] {0}).log().add(peak).div(2);
            NDArray weights = logPerGroup.sub(logMag).exp(); // (G, N)
            NDArray unitScale = weights.div(vNorm); // (G, N)
            logMag.attach(m);
            unitScale.attach(m);
            if (v != values) {
                v.attach(m);
            }
            if (keyFactor != keys) {
                keyFactor.attach(m);
            }
            if (keySqHalf != null) {
                keySqHalf.attach(m);
            }
            return new IwpScores(m, kernel, n, logMag, v, unitScale, keyFactor, keySqHalf, keyColumnScale);
        }
    }

    /**
     * (G, N) sum over d of x^2, a slab of groups at a time: the same reduction as on the whole
     * array, but the squares of a slab (about 1 MiB) stay in cache and are not a fresh (G, N, d)
     * allocation each (above glibc's mmap threshold, every page of which faults on first write).
     */
    private static NDArray squaredNorms(NDArray x) {
        Shape shape = x.getShape();
        int groups = (int) shape.get(0);
        int slab = (int) Math.max(1, SLAB_FLOATS / (shape.get(1) * shape.get(2)));
        if (slab >= groups) {
            return x.square().sum(new int[] {2});
        }
        NDList parts = new NDList();
        for (int h = 0; h < groups; h += slab) {
            parts.add(x.get(new NDIndex("{}:{}", h, Math.min(groups, h + slab))).square().sum(new int[] {2}));
        }
        return NDArrays.concat(parts, 0);
    }

    public int numTokens() {
        return numTokens;
    }

    /** (N) log information magnitude log m_i. */
    public NDArray logMagnitude() {
        return logMagnitude;
    }

    /** log m_i on the host. */
    public float[] logMagnitudeHost() {
        return logMagnitude.toFloatArray();
    }

    /**
     * Duplication of every token with the given ones: (N, c) dup(i, cols[j]). Work: two batched
     * products of (G, N, d) by (G, d, c); never N x N unless c = N.
     */
    public NDArray duplication(int[] cols, NDManager out) {
        return duplication(null, cols, out);
    }

    /** (r, c) dup(rows[i], cols[j]); rows null = every token. */
    public NDArray duplication(int[] rows, int[] cols, NDManager out) {
        NDArray u = weightedUnitValues();
        try (NDManager tmp = manager.newSubManager()) {
            tmp.tempAttachAll(u, keyFactor);
            if (keySquaredHalf != null) {
                tmp.tempAttachAll(keySquaredHalf);
            }
            Block c = gather(cols, true, tmp);
            Block r = rows == null ? new Block(weightedUnitValues, keyFactor, keySquaredHalf) : gather(rows, false, tmp);
            NDArray dup = pairs(r, c);
            dup.attach(out);
            return dup;
        }
    }

    /**
     * Tokens' factors as a {@link #pairs} operand, gathered along the token axis: (G, t, d) unit
     * values, (G, t, d) key factors, as columns with the EXP column scale applied, (G, t) key halves
     * or null. Results land in the manager of this object's arrays: lend those to tmp first.
     */
    Block gather(int[] tokens, boolean asColumns, NDManager tmp) {
        NDArray idx = tmp.create(tokens).toType(DataType.INT64, false);
        NDIndex pick = new NDIndex(":, {}, :", idx);
        NDArray kC = keyFactor.get(pick); // (G, c, d)
        if (asColumns && kernel == Kernel.EXP) {
            kC = kC.mul(keyColumnScale);
        }
        NDArray halfC = keySquaredHalf == null ? null : keySquaredHalf.get(new NDIndex(":, {}", idx)); // (G, c)
        return new Block(weightedUnitValues().get(pick), kC, halfC);
    }

    /**
     * (r, c) dup of every row token with every column token: two batched products (G, r, d) x (G, d, c)
     * and one pass over the (G, r, c) block; rows and columns as {@link #gather} makes them.
     */
    NDArray pairs(Block rows, Block cols) {
        NDArray valueTerm = rows.u().matMul(cols.u().transpose(0, 2, 1)); // (G, r, c)
        NDArray keyTerm;
        if (kernel == Kernel.EXP) {
            // -||k_i - k_j||^2 / (2 sqrt d) = 2 k_i.k_j / (2 sqrt d) - half_i - half_j, clipped at 0
            // against rounding. The factor goes on the (G, c, d) columns and the sums are taken in
            // place: the (G, r, c) block is the round's dominant memory traffic.
            NDArray scaledDot = rows.k().matMul(cols.k().transpose(0, 2, 1)); // (G, r, c)
            keyTerm = scaledDot.subi(rows.half().expandDims(2)).subi(cols.half().expandDims(1)).minimum(0f).exp();
        } else {
            keyTerm = rows.k().matMul(cols.k().transpose(0, 2, 1)); // (G, r, c) cos(k_i, k_j)
        }
        return keyTerm.muli(valueTerm).sum(new int[] {0}); // (r, c)
    }

    /** One side of a {@link #pairs} product: (G, t, d) u, (G, t, d) key factors, (G, t) halves or null. */
    record Block(NDArray u, NDArray k, NDArray half) {}

    Kernel kernel() {
        return kernel;
    }

    /** (G, N, d) u_i^h = unitScale v_i^h: one pass over (G, N, d), at the first call. */
    NDArray weightedUnitValues() {
        if (weightedUnitValues == null) {
            try (NDManager tmp = manager.newSubManager()) {
                tmp.tempAttachAll(values, unitScale);
                NDArray u = values.mul(unitScale.expandDims(2));
                u.attach(manager);
                weightedUnitValues = u;
            }
        }
        return weightedUnitValues;
    }

    /** (G, N, d) the values, float32. */
    NDArray values() {
        return values;
    }

    /** (G, N) w_i^h / ||v_i^h||, the factor that makes u_i^h of v_i^h. */
    NDArray unitScale() {
        return unitScale;
    }

    /** (G, N, d) key factors: EXP the keys as given, LINEAR k / ||k||. */
    NDArray keyFactor() {
        return keyFactor;
    }

    /** EXP: (G, N) ||k||^2 / (2 sqrt d); LINEAR: null. */
    NDArray keySquaredHalf() {
        return keySquaredHalf;
    }

    /** EXP: 1 / sqrt d, the factor on a key product's columns; LINEAR: 1. */
    double keyColumnScale() {
        return keyColumnScale;
    }

    @Override
    public void close() {
        manager.close();
    }
}
