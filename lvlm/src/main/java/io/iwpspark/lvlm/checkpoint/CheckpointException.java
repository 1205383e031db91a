package io.iwpspark.lvlm.checkpoint;

import java.io.IOException;

/** A checkpoint folder that cannot be loaded: a missing or malformed file, a missing or misshapen tensor. */
public class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
