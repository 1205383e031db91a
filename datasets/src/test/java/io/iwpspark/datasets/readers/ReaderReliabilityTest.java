package io.iwpspark.datasets.readers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.Sample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers against files of our own with one invalid UTF-8 byte, and media paths that leave the
 * benchmark folder: the byte costs one record (an error row naming line, byte and column), and an
 * escaping path is an error row unless the reader is told to follow it.
 */
class ReaderReliabilityTest {
    private static final byte BAD = (byte) 0xFF; // never valid in UTF-8

    private static void write(Path file, String... lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.length; i++) {
            String[] parts = lines[i].split("<FF>", -1);
            for (int k = 0; k < parts.length; k++) {
                out.write(parts[k].getBytes(StandardCharsets.UTF_8));
                if (k < parts.length - 1) {
                    out.write(BAD);
                }
            }
            out.write('\n');
        }
        Files.write(file, out.toByteArray());
    }

    private static String pope(int id, String image, String text) {
        return "{\"question_id\": " + id + ", \"image\": \"" + image + "\", \"text\": \"" + text + "\", \"label\": \"yes\"}";
    }

    @Test
    void oneInvalidByteCostsOneJsonLine(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("a.png"), Fixtures.png(0x336699));
        Path q = dir.resolve("q.jsonl");
        write(q, pope(1, "a.png", "Is it blue?"), pope(2, "a.png", "Is it caf<FF>?"), pope(3, "a.png", "Is it wide?"));
        List<Sample> rows = new LlavaJsonlReader("pope", "test", AnswerType.YES_NO).read(q, dir, "random");
        assertEquals(3, rows.size(), "3 lines = 2 ok + 1 error");
        assertNull(rows.get(0).error());
        assertNull(rows.get(2).error());
        assertEquals("q.jsonl line 2: byte 0xFF at column 56 is not valid UTF-8", rows.get(1).error()); // 55 characters before it
    }

    @Test
    void oneInvalidByteCostsOneTsvRecordEvenInAQuotedMultiLineField(@TempDir Path dir) throws IOException {
        String b64 = Base64.getEncoder().encodeToString(Fixtures.png(0x00FF00));
        Path tsv = dir.resolve("MMB.tsv");
        write(tsv, "index\tquestion\tA\tB\tanswer\timage",
                "1\tWhich?\tx\ty\tA\t" + b64,
                "2\t\"Two",
                "li<FF>nes\"\tx\ty\tB\t" + b64,
                "3\tWhich?\tx\ty\tB\t" + b64);
        List<Sample> rows = new VlmEvalKitTsvReader("mmbench_en", "dev", AnswerType.MULTIPLE_CHOICE).read(tsv);
        assertEquals(3, rows.size(), "3 records = 2 ok + 1 error");
        assertNull(rows.get(0).error());
        assertNull(rows.get(2).error());
        assertEquals("MMB.tsv line 3: byte 0xFF at column 3 is not valid UTF-8 (line 4 of the record)", rows.get(1).error());
    }

    @Test
    void aJsonArrayKeepsItsRecordsWithTheByteReplaced(@TempDir Path dir) throws IOException {
        Path clip = Files.createDirectories(dir.resolve("frames/v1"));
        Files.write(clip.resolve("1.png"), Fixtures.png(0x111111));
        Path q = dir.resolve("mv.json");
        write(q, "[{\"video\": \"v1.mp4\", \"question\": \"Caf<FF>?\", \"candidates\": [\"a\", \"b\"], \"answer\": \"a\"}]");
        List<Sample> rows = new VideoFramesReader("mvbench", "test").read(q, dir.resolve("frames"), "t");
        assertEquals(1, rows.size());
        assertNull(rows.get(0).error());
        assertEquals("Caf\uFFFD?", rows.get(0).question(), "one JSON document: the byte is replaced, not the file lost");
    }

    @Test
    void mediaPathsLeavingTheFolderAreRefusedUnlessAllowed(@TempDir Path dir) throws IOException {
        Path bench = Files.createDirectories(dir.resolve("bench"));
        Files.write(bench.resolve("in.png"), Fixtures.png(0x222222));
        Files.write(dir.resolve("secret.png"), Fixtures.png(0x333333));
        Files.createSymbolicLink(bench.resolve("link.png"), dir.resolve("secret.png"));
        Path q = bench.resolve("q.jsonl");
        write(q, pope(1, "in.png", "a?"), pope(2, "../secret.png", "b?"), pope(3, "link.png", "c?"),
                pope(4, dir.resolve("secret.png").toString(), "d?"), pope(5, "sub/../in.png", "e?"));
        LlavaJsonlReader reader = new LlavaJsonlReader("pope", "test", AnswerType.YES_NO);
        List<Sample> rows = reader.read(q, bench, "random");
        assertEquals(5, rows.size());
        assertNull(rows.get(0).error());
        assertNull(rows.get(4).error(), "a .. that stays inside is fine");
        String real = dir.toRealPath().resolve("secret.png").toString();
        for (int i : new int[] {1, 2, 3}) {
            String e = rows.get(i).error();
            assertTrue(e != null && e.startsWith("q.jsonl line " + (i + 1) + ": field image: \"")
                    && e.contains("resolves to " + real + ", outside the benchmark folder " + bench.toRealPath()), e);
        }
        List<Sample> allowed = reader.allowMediaOutsideFolder().read(q, bench, "random");
        assertTrue(allowed.stream().noneMatch(Sample::isError), "allowed by the setting");

        Path frames = Files.createDirectories(dir.resolve("frames"));
        Path outside = Files.createDirectories(dir.resolve("elsewhere/v2"));
        Files.write(outside.resolve("1.png"), Fixtures.png(0x444444));
        Files.createSymbolicLink(frames.resolve("v2"), outside);
        Path mv = dir.resolve("mv.jsonl");
        write(mv, "{\"video\": \"v2.mp4\", \"question\": \"Q?\", \"candidates\": [\"a\", \"b\"], \"answer\": \"a\"}");
        Sample v = new VideoFramesReader("mvbench", "test").read(mv, frames, "t").get(0);
        assertTrue(v.error() != null && v.error().contains("field video: \"v2\" resolves to "
                + outside.toRealPath() + ", outside the benchmark folder"), v.error());
        assertNull(new VideoFramesReader("mvbench", "test").allowMediaOutsideFolder().read(mv, frames, "t").get(0).error());
    }
}
