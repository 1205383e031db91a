package io.iwpspark.lvlm.onevision;

import io.iwpspark.lvlm.anyres.Size;

/**
 * OneVision's anyres_max_N rule (transformers 5.24 LlavaOnevisionModel.pack_image_features, and the
 * processor's _get_unpadded_features that counts the tokens ahead): an unpadded crop map of h x w
 * cells larger than N base grids (g x g) by ratio = sqrt(h w / (N g^2)) > 1.1 is bilinearly resized to
 * int(h // ratio) x int(w // ratio), // being Python's floor division of an int by a float.
 */
public final class AnyresMax {
    private AnyresMax() {}

    /** The map's size after the rule: unchanged, or shrunk. */
    public static Size shrink(Size map, int maxCrops, int g) {
        int h = map.height();
        int w = map.width();
        double ratio = Math.sqrt((double) ((long) h * w) / ((long) maxCrops * g * g));
        if (!(ratio > 1.1)) {
            return map;
        }
        return new Size((int) floorDiv(h, ratio), (int) floorDiv(w, ratio));
    }

    /** Python's float floor division a // b (CPython float_floor_div: fmod, exact quotient, rounded floor). */
    static double floorDiv(double a, double b) {
        double mod = a % b; // Java's % on doubles is C's fmod
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) {
            div -= 1.0;
        }
        if (div == 0) {
            return Math.copySign(0.0, a / b);
        }
        double floor = Math.floor(div);
        return div - floor > 0.5 ? floor + 1.0 : floor;
    }
}
