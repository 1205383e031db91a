package io.iwpspark.jobs.config;

/**
 * A configuration or input that is refused before any evaluation: the message is one line naming the
 * file, key or flag, the value found and what was expected. The command line prints it and exits
 * with status 2.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
