package io.iwpspark.lvlm.anyres;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The part of a crop grid's joined feature map that shows the image rather than its padding, as
 * transformers' unpad_image (models/llava_next/modeling_llava_next.py, 5.24) cuts it: the side along
 * which the image was letterboxed loses {@code (current - int(round(original * scale, 7))) // 2} cells at
 * each end (so an odd remainder keeps one cell more than the rounded size).
 */
public final class Unpad {
    private Unpad() {}

    /**
     * The kept window of a {@code gridHeight} x {@code gridWidth} feature map of an image of {@code image}.
     */
    public static Window window(Size image, int gridHeight, int gridWidth) {
        if (image.height() <= 0 || image.width() <= 0) {
            throw new IllegalArgumentException("image size must be positive, found " + image);
        }
        double originalAspect = (double) image.width() / image.height();
        double currentAspect = (double) gridWidth / gridHeight;
        if (originalAspect > currentAspect) {
            double scale = (double) gridWidth / image.width();
            int newHeight = (int) roundTo7(image.height() * scale);
            int padding = Math.floorDiv(gridHeight - newHeight, 2);
            return new Window(padding, 0, gridHeight - 2 * padding, gridWidth);
        }
        double scale = (double) gridHeight / image.height();
        int newWidth = (int) roundTo7(image.width() * scale);
        int padding = Math.floorDiv(gridWidth - newWidth, 2);
        return new Window(0, padding, gridHeight, gridWidth - 2 * padding);
    }

    /** Python's round(x, 7): the exact binary value rounded half-to-even at the 7th decimal. */
    static double roundTo7(double x) {
        return new BigDecimal(x).setScale(7, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** Rows [top, top + height) and columns [left, left + width) of the feature map. */
    public record Window(int top, int left, int height, int width) {
        public Window {
            if (height < 0 || width < 0) {
                throw new IllegalArgumentException("window sides must be >= 0, found " + height + "x" + width);
            }
        }

        /** The whole map: nothing cut (the LLaVA "spatial" merge, no unpadding). */
        public static Window full(int gridHeight, int gridWidth) {
            return new Window(0, 0, gridHeight, gridWidth);
        }
    }
}
