package io.iwpspark.datasets.video;

/** A video file cannot be decoded or is over a limit; the message names the file, and the limit or step. */
public class VideoException extends Exception {
    private static final long serialVersionUID = 1L;

    public VideoException(String message) {
        super(message);
    }
}
