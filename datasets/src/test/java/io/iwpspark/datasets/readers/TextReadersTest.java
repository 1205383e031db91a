package io.iwpspark.datasets.readers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextReadersTest {
    @Test
    void llavaPopeAnnotationLinesWithAnImageFolder(@TempDir Path dir) throws IOException {
        Path images = Files.createDirectories(dir.resolve("val2014"));
        Files.write(images.resolve("COCO_val2014_000000310196.jpg"), Fixtures.png(0xFF0000));
        Files.write(images.resolve("COCO_val2014_000000000042.jpg"), Fixtures.truncatedPng());
        Path file = dir.resolve("coco_pope_adversarial.json");
        Files.writeString(file, String.join("\n",
                "{\"question_id\": 1, \"image\": \"COCO_val2014_000000310196.jpg\", \"text\": \"Is there a snowboard in the image?\", \"label\": \"yes\"}",
                "{\"question_id\": 2, \"image\": \"COCO_val2014_000000310196.jpg\", \"text\": \"Is there a car in the image?\\nAnswer the question using a single word or phrase.\", \"label\": \"no\"}",
                "{\"question_id\": 3, \"image\": \"COCO_val2014_000000000042.jpg\", \"text\": \"Is there a dog in the image?\", \"label\": \"no\"}",
                "{\"question_id\": 4, \"image\": \"missing.jpg\", \"text\": \"Is there a cat in the image?\", \"label\": \"no\"}",
                "{\"question_id\": 5, \"image\": \"COCO_val2014_000000310196.jpg\", \"label\": \"no\"}",
                "{\"question_id\": 6, \"image\": \"COCO_val2014_000000310196.jpg\", \"text\": \"Is there", 
                "{\"question_id\": 7, \"image\": \"COCO_val2014_000000310196.jpg\", \"text\": \"Is there a bus?\", \"label\": \"maybe\"}",
                ""));
        List<Sample> rows = new LlavaJsonlReader("pope", "test", AnswerType.YES_NO).read(file, images, "adversarial");
        assertEquals(7, rows.size(), "7 input lines = ok rows + error rows");
        assertEquals(2, rows.stream().filter(s -> !s.isError()).count());
        Sample ok = rows.get(1);
        assertEquals("2", ok.id());
        assertEquals("Is there a car in the image?", ok.question(), "LLaVA's suffix is removed at the border");
        assertEquals("adversarial", ok.category());
        assertEquals(List.of("no"), ok.answers());
        assertArrayEquals(Fixtures.png(0xFF0000), ok.media().get(0));
        assertError(rows.get(2), "coco_pope_adversarial.json line 3: field image (COCO_val2014_000000000042.jpg): corrupt image");
        assertError(rows.get(3), "coco_pope_adversarial.json line 4: field image: expected an image file but found no file");
        assertError(rows.get(4), "coco_pope_adversarial.json line 5: field text: expected a value but it is missing");
        assertError(rows.get(5), "coco_pope_adversarial.json line 6: malformed JSON");
        assertError(rows.get(6), "coco_pope_adversarial.json line 7: field label: expected yes or no but found \"maybe\"");
    }

    @Test
    void llavaTextVqaOcrLineMovesToMetadata(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("a.jpg"), Fixtures.png(0x00FF00));
        Path file = dir.resolve("llava_textvqa_val_v051_ocr.jsonl");
        Files.writeString(file, "{\"question_id\": 34602, \"image\": \"a.jpg\", \"text\": \"what is the brand?\\n"
                + "Reference OCR token: nokia, phone\\nAnswer the question using a single word or phrase.\", \"category\": \"default\"}\n");
        Sample s = new LlavaJsonlReader("textvqa", "validation", AnswerType.SHORT_TEXT).read(file, dir, "").get(0);
        assertNull(s.error());
        assertEquals("what is the brand?", s.question());
        assertEquals("nokia, phone", s.meta("ocr_tokens"));
        assertTrue(s.answers().isEmpty(), "LLaVA's question file has no answers");
    }

    @Test
    void vlmEvalKitTsvWithBase64ImagesQuotingAndSharedImages(@TempDir Path dir) throws IOException {
        String b64 = Base64.getEncoder().encodeToString(Fixtures.png(0x0000FF));
        byte[] garbage = new byte[200];
        java.util.Arrays.fill(garbage, (byte) 7);
        String bad = Base64.getEncoder().encodeToString(garbage); // long enough not to be an index
        Path tsv = dir.resolve("MMBench_DEV_EN.tsv");
        Files.writeString(tsv, String.join("\n",
                "index\tquestion\thint\tA\tB\tC\tD\tanswer\tcategory\timage\tl2-category\tsplit",
                "241\tWhich animal is shown?\tnan\tcat\tdog\t\"a \"\"big\"\" bird\"\tnan\tB\tattribute_recognition\t" + b64 + "\tfine\tdev",
                "1000241\tWhich animal is shown?\tnan\tdog\t\"a \"\"big\"\" bird\"\tcat\tnan\tA\tattribute_recognition\t241\tfine\tdev",
                "242\t\"Two\nlines\"\tThe hint\tx\ty\tnan\tnan\tE\tocr\t" + b64 + "\tfine\tdev",
                "243\tBroken image\tnan\tx\ty\tnan\tnan\tA\tocr\t" + bad + "\tfine\tdev",
                "244\tNo image\tnan\tx\ty\tnan\tnan\tA\tocr\t999\tfine\tdev",
                "245\ttoo few fields",
                ""));
        List<Sample> rows = new VlmEvalKitTsvReader("mmbench_en", "dev", AnswerType.MULTIPLE_CHOICE).read(tsv);
        assertEquals(6, rows.size(), "6 records = ok rows + error rows");
        Sample first = rows.get(0);
        assertEquals(List.of("cat", "dog", "a \"big\" bird"), first.options(), "options end at the first nan");
        assertEquals(List.of("B"), first.answers());
        assertEquals("241", first.meta("circular_group"));
        Sample rotated = rows.get(1);
        assertNull(rotated.error());
        assertEquals("241", rotated.meta("circular_group"), "index 1000241 is a rotation of 241");
        assertArrayEquals(first.media().get(0), rotated.media().get(0), "image given by the index of another row");
        assertError(rows.get(2), "MMBench_DEV_EN.tsv line 4: field answer: expected an option letter in [A, B] but found \"E\"");
        assertError(rows.get(3), "MMBench_DEV_EN.tsv line 6: field image: corrupt image");
        assertError(rows.get(4), "MMBench_DEV_EN.tsv line 7: field image: expected base64 data or the index of a row");
        assertError(rows.get(5), "MMBench_DEV_EN.tsv line 8: expected 12 tab-separated fields but found 2");
    }

    @Test
    void videoFramesInMvBenchAndVideoMmeLayouts(@TempDir Path dir) throws IOException {
        Path frames = Files.createDirectories(dir.resolve("frames"));
        Path clip = Files.createDirectories(frames.resolve("video_001"));
        for (int i : new int[] {10, 2, 1}) { // natural order: 1, 2, 10
            Files.write(clip.resolve("frame_" + i + ".jpg"), Fixtures.png(i * 1000));
        }
        Path broken = Files.createDirectories(frames.resolve("video_002"));
        Files.write(broken.resolve("frame_1.png"), Fixtures.truncatedPng());
        Path mv = dir.resolve("action_sequence.json");
        Files.writeString(mv, "[{\"video\": \"video_001.mp4\", \"question\": \"What did the person do first?\", "
                + "\"candidates\": [\"Sat\", \"Stood\"], \"answer\": \"Stood\"},"
                + "{\"video\": \"video_001.mp4\", \"question\": \"Q?\", \"candidates\": [\"Sat\", \"Stood\"], \"answer\": \"Ran\"},"
                + "{\"video\": \"video_404.mp4\", \"question\": \"Q?\", \"candidates\": [\"Sat\", \"Stood\"], \"answer\": \"Sat\"}]");
        List<Sample> a = new VideoFramesReader("mvbench", "test").read(mv, frames, "action_sequence");
        assertEquals(3, a.size());
        assertEquals(MediaKind.VIDEO, a.get(0).mediaKind());
        assertEquals(3, a.get(0).media().size());
        assertArrayEquals(Fixtures.png(1000), a.get(0).media().get(0));
        assertArrayEquals(Fixtures.png(10000), a.get(0).media().get(2));
        assertEquals(List.of("B"), a.get(0).answers());
        assertError(a.get(1), "action_sequence.json record 2: field answer: expected one of the candidates [Sat, Stood] but found \"Ran\"");
        assertError(a.get(2), "action_sequence.json record 3: field video: expected a frame folder");
        Path vm = dir.resolve("videomme.jsonl");
        Files.writeString(vm, String.join("\n",
                "{\"video_id\": \"001\", \"duration\": \"short\", \"domain\": \"Knowledge\", \"sub_category\": \"Humanity\", "
                        + "\"videoID\": \"video_001\", \"question_id\": \"001-1\", \"task_type\": \"Counting Problem\", "
                        + "\"question\": \"How many?\", \"options\": [\"A. 1\", \"B. 2\", \"C. 3\", \"D. 4\"], \"answer\": \"C\"}",
                "{\"videoID\": \"video_002\", \"question_id\": \"002-1\", \"question\": \"Q?\", \"options\": [\"A. x\", \"B. y\"], \"answer\": \"A\"}",
                "{\"videoID\": \"video_001\", \"question_id\": \"001-2\", \"question\": \"Q?\", \"options\": [\"A. x\", \"B. y\"], \"answer\": \"D\"}",
                "not json"));
        List<Sample> b = new VideoFramesReader("videomme", "test").read(vm, frames, "");
        assertEquals(4, b.size());
        assertEquals(List.of("1", "2", "3", "4"), b.get(0).options());
        assertEquals("short", b.get(0).category());
        assertEquals("Counting Problem", b.get(0).meta("task_type"));
        assertError(b.get(1), "videomme.jsonl line 2: field video frame (frame_1.png): corrupt image");
        assertError(b.get(2), "videomme.jsonl line 3: field answer: expected an option letter in [A, B] but found \"D\"");
        assertError(b.get(3), "videomme.jsonl line 4: malformed JSON");
    }

    static void assertError(Sample s, String prefix) {
        assertTrue(s.isError(), "expected an error row, got " + s.id());
        assertTrue(s.media().isEmpty());
        assertTrue(s.error().startsWith(prefix), "error \"" + s.error() + "\" should start with \"" + prefix + "\"");
    }
}
