package io.iwpspark.datasets.video;

/**
 * What the container says about the video stream, and how many frames its packets hold.
 *
 * @param codec        FFmpeg's codec name ("h264", "vp9", "mpeg4", ...)
 * @param headerFrames the stream header's frame count ({@code nb_frames}); 0 when the container has none (webm,
 *                     mkv); it may count frames an edit list hides
 * @param frameCount   frames the decoder outputs: video packets indexed, less those marked discard
 * @param fps          average frame rate; 0 when unknown
 */
public record VideoInfo(String codec, int width, int height, long headerFrames, int frameCount, double fps) {
}
