package io.iwpspark.pruning.baselines;

/**
 * Which frames DyCoke's token temporal merging (TTM) prunes, against which anchor, and how a budget of kept
 * tokens maps to per-frame counts. Official: KD-TAO/DyCoke {@code llava/model/llava_arch.py}, function
 * {@code dycole_ttm}, commit dd7463498203479d0ff6f2d29c4e72928c0af244 (the same function in
 * ModelTC/LightCompress {@code llmc/compression/token_reduction/dycoke.py}, commit 9701d035).
 *
 * <p>N tokens are F = floor(N / T) frames of T tokens, then R = N - F T trailing tokens that TTM never sees
 * (OneVision's image_newline, appended after TTM officially). Frames go in pairs (f, f + 1), f even: the odd
 * frame of each pair is pruned against the even one. In every window of four starting at w (w = 0, 4, ...,
 * w < F - 4), frame w + 2 is pruned against frame w as well. All other frames are anchors, kept whole. With F
 * odd the last frame has no pair and the official code leaves it out of its output; so does this.
 *
 * @param frames F
 * @param tokensPerFrame T
 * @param trailing R
 * @param anchor per frame of the first U = F - (F mod 2): -1 for an anchor, else the frame it is compared with
 */
record DyCokeFrames(int frames, int tokensPerFrame, int trailing, int[] anchor) {

    static DyCokeFrames of(int numVisual, int tokensPerFrame) {
        int f = numVisual / tokensPerFrame;
        int used = f < 2 ? f : f - f % 2;
        int[] anchor = new int[used];
        for (int i = 0; i < used; i++) {
            // Pass 1: odd frames against their even neighbour. Pass 2: i = w + 2 for w in range(0, F - 4, 4).
            anchor[i] = i % 2 == 1 ? i - 1 : (i % 4 == 2 && i - 2 < f - 4 ? i - 2 : -1);
        }
        return new DyCokeFrames(f, tokensPerFrame, numVisual - f * tokensPerFrame, anchor);
    }

    /** P, the frames pruned. */
    int pruned() {
        int p = 0;
        for (int a : anchor) {
            p += a >= 0 ? 1 : 0;
        }
        return p;
    }

    /** The fewest tokens TTM leaves: anchors whole, pruned frames empty, the trailing tokens. */
    int minimum() {
        return (anchor.length - pruned()) * tokensPerFrame + trailing;
    }

    /** The most tokens TTM leaves short of keeping everything: every frame it outputs whole. */
    int maximum() {
        return anchor.length * tokensPerFrame + trailing;
    }

    /**
     * Tokens kept of each pruned frame (frame order) for a budget in [minimum, maximum]: equal shares, one more
     * for the first (B - minimum) mod P frames.
     */
    int[] keeps(int budget) {
        int p = pruned();
        int extra = budget - minimum();
        int[] k = new int[p];
        for (int i = 0; i < p; i++) {
            k[i] = extra / p + (i < extra % p ? 1 : 0);
        }
        return k;
    }

    /**
     * The budget equal to the official merging ratio k (dycoke_k): each pruned frame keeps int((1 - k) T) tokens,
     * the count the official code takes.
     */
    static int budgetFor(int numVisual, int tokensPerFrame, double k) {
        DyCokeFrames f = of(numVisual, tokensPerFrame);
        return f.minimum() + f.pruned() * (int) ((1 - k) * tokensPerFrame);
    }
}
