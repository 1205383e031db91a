package io.iwpspark.lvlm.llavanext;

import com.fasterxml.jackson.databind.JsonNode;
import io.iwpspark.lvlm.anyres.CropGrid;
import io.iwpspark.lvlm.anyres.Size;
import io.iwpspark.lvlm.anyres.Tiles;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ConfigReader;
import io.iwpspark.lvlm.checkpoint.ImageProcessorConfig;
import io.iwpspark.lvlm.llava.BicubicResize;
import io.iwpspark.lvlm.llava.ImageProcessor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * LLaVA-NeXT's image processor as transformers 5.24 resolves it without torchvision
 * (LlavaNextImageProcessorPil, image_processing_pil_llava_next.py): convert to RGB (alpha over white),
 * tile with anyres (Pillow bicubic resize into the best pinpoint, zero padding, crops of crop_size), the
 * base image resized to shortest_edge x shortest_edge ignoring aspect, then per tile the CLIP steps
 * (shortest-edge resize and centre crop, both no-ops on a crop-sized tile, rescale, normalise).
 */
public final class NextImageProcessor {
    private final ImageProcessor perTile;
    private final List<Size> pinpoints;
    private final int cropSide;
    private final Size base;

    private NextImageProcessor(ImageProcessor perTile, List<Size> pinpoints, int cropSide, Size base) {
        this.perTile = perTile;
        this.pinpoints = List.copyOf(pinpoints);
        this.cropSide = cropSide;
        this.base = base;
    }

    /** Reads processor_config.json / preprocessor_config.json; its tiles must be what the tower takes. */
    public static NextImageProcessor load(Path dir, LlavaNextConfig cfg) throws CheckpointException {
        ImageProcessorConfig p = ConfigReader.readImageProcessor(dir);
        JsonNode settings = ConfigReader.imageProcessorSettings(dir);
        List<Size> pins;
        try {
            pins = LlavaNextConfig.pinpoints(settings.path("image_grid_pinpoints"), "image_grid_pinpoints");
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(dir + " image processor: " + e.getMessage(), e);
        }
        if (!pins.equals(cfg.pinpoints())) {
            throw new CheckpointException(dir + ": the image processor's image_grid_pinpoints " + pins
                    + " differ from config.json's " + cfg.pinpoints() + " (the model lays crops out by the latter)");
        }
        ImageProcessor perTile = new ImageProcessor(p);
        int side = cfg.base().vision().imageSize();
        if (p.cropHeight() != p.cropWidth() || perTile.outputHeight() != side || perTile.outputWidth() != side
                || p.shortestEdge() != side) {
            throw new CheckpointException(dir + ": the image processor must make " + side + "x" + side
                    + " tiles for the vision tower (size.shortest_edge and crop_size), found shortest_edge "
                    + p.shortestEdge() + ", crop " + p.cropHeight() + "x" + p.cropWidth());
        }
        return new NextImageProcessor(perTile, pins, p.cropHeight(), new Size(p.shortestEdge(), p.shortestEdge()));
    }

    /** The pixel values of one image and its tiling. */
    public record Pixels(float[] values, CropGrid grid) {
        /** Base image plus crops. */
        int tiles() {
            return grid.crops() + 1;
        }
    }

    /** (1 + crops, 3, S, S) pixel values, flattened: the base image first, then the crops row by row. */
    public Pixels process(BufferedImage image) {
        Size size = new Size(image.getHeight(), image.getWidth());
        CropGrid grid = CropGrid.plan(size, pinpoints, cropSide);
        List<int[]> tiles = Tiles.cut(ImageProcessor.rgb(image), grid, base, BicubicResize::resize);
        int per = 3 * perTile.outputHeight() * perTile.outputWidth();
        float[] out = new float[tiles.size() * per];
        for (int i = 0; i < tiles.size(); i++) {
            Size tile = i == 0 ? base : new Size(cropSide, cropSide);
            System.arraycopy(perTile.process(tiles.get(i), tile.height(), tile.width()), 0, out, i * per, per);
        }
        return new Pixels(out, grid);
    }
}
