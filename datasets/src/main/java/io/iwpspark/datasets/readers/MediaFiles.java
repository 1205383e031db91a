package io.iwpspark.datasets.readers;

import io.iwpspark.datasets.schema.Images;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and checks image files and bytes for the readers. */
final class MediaFiles {
    private MediaFiles() {
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
