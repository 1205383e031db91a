package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.schema.Images;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and checks image files and bytes for the readers. */
final class MediaFiles {
    private MediaFiles() {
    }

    /**
     * {@code folder/relative}, refused unless it stays inside {@code folder} once {@code ..} and
     * symbolic links are resolved (real paths compared), or {@code allowOutside}. A path that does not
     * exist is left to the caller's "no file" error.
     */
    static Path confined(String field, Path folder, String relative, boolean allowOutside) throws BadRecordException {
        Path p = folder.resolve(relative).normalize();
        if (allowOutside || !Files.exists(p)) {
            return p;
        }
        try {
            Path root = folder.toRealPath();
            Path real = p.toRealPath();
            if (!real.startsWith(root)) {
                throw new BadRecordException("field " + field + ": \"" + relative + "\" resolves to " + real
                        + ", outside the benchmark folder " + root + " (allow media outside the folder to read it)");
            }
            return real;
        } catch (IOException e) {
            throw new BadRecordException("field " + field + ": \"" + relative + "\" could not be resolved: " + e.getMessage(), e);
        }
    }

    /** The bytes of an image file that decodes, or a bad record naming the field and the file. */
    static byte[] imageFile(String field, Path file) throws BadRecordException {
        if (!Files.isRegularFile(file)) {
            throw new BadRecordException("field " + field + ": expected an image file but found no file at " + file);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadRecordException("field " + field + ": image file " + file + " could not be read: " + e.getMessage(), e);
        }
        return checked(field + " (" + file.getFileName() + ")", bytes);
    }

    /** {@code bytes} when they decode as an image, else a bad record naming the field. */
    static byte[] checked(String field, byte[] bytes) throws BadRecordException {
        try {
            Images.check(bytes);
        } catch (IOException e) {
            throw new BadRecordException("field " + field + ": corrupt image: " + e.getMessage(), e);
        }
        return bytes;
    }
}
