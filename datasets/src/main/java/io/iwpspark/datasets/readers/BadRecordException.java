package io.iwpspark.datasets.readers;

/** One source record cannot be translated; the message names the field and says expected vs found. */
public class BadRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadRecordException(String message) {
        super(message);
    }

    public BadRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
