package io.iwpspark.datasets.readers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.datasets.prompts.LlavaPrompts;
import io.iwpspark.datasets.schema.Sample;
import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.datasets.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LLaVA's eval layouts whose answers live apart, read through Spark from the committed folders
 * (src/test/resources/llava-eval, written in the published layouts with field names as the official
 * files have them, some records bad): input records = ok rows + error rows, each error naming the
 * line and the field, and the prompt rendered for each ok row equals the text LLaVA's file gives.
 */
class LlavaEvalLayoutsTest {
    static final Path ROOT = Path.of("src/test/resources/llava-eval").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SharedSpark.start("llava-eval-layouts-test");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Map<String, Sample> byId(Dataset<Row> d) {
        SampleRows.requireSchema(d.schema());
        Map<String, Sample> out = new TreeMap<>();
        for (Row r : d.collectAsList()) {
            Sample s = SampleRows.fromRow(r);
            assertEquals(null, out.put(s.id(), s), "ids are unique: " + s.id());
        }
        return out;
    }

    /** question_id -> text of LLaVA's question file, line by line (the malformed line left out). */
    private static Map<String, String> texts(Path file) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            try {
                JsonNode o = JSON.readTree(line);
                out.put(o.get("question_id").asText(), o.get("text").asText());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // the malformed line of the fixture
            }
        }
        return out;
    }

    private static Map<String, Sample> gqa(int partitions) {
        Path g = ROOT.resolve("gqa");
        return byId(LlavaAnswerFileReader.gqa("gqa", "testdev_balanced", "testdev_balanced_questions.json")
                .read(spark, g.resolve("llava_gqa_testdev_balanced.jsonl").toString(),
                        g.resolve("data/testdev_balanced_questions.json").toString(), g.resolve("data/images").toString(), partitions));
    }

    private static Map<String, Sample> textVqa(int partitions) {
        Path t = ROOT.resolve("textvqa");
        return byId(LlavaAnswerFileReader.textVqa("textvqa", "validation", "TextVQA_0.5.1_val.json")
                .read(spark, t.resolve("llava_textvqa_val_v051_ocr.jsonl").toString(),
                        t.resolve("TextVQA_0.5.1_val.json").toString(), t.resolve("train_images").toString(), partitions));
    }

    private static Map<String, Sample> mme(int partitions) throws Exception {
        Path release = ROOT.resolve("MME/MME_Benchmark_release_version");
        return byId(new MmeFolderReader("mme", "test").read(spark, release.toString(), MmeFolderReader.questionFiles(release),
                partitions));
    }

    @Test
    void gqaLinesFindTheirAnswersInTheQuestionsJsonByQuestionId() throws Exception {
        Path gqa = ROOT.resolve("gqa");
        Map<String, Sample> rows = gqa(3);
        assertEquals(7, rows.size(), "7 lines = ok + error rows");
        Sample overcast = rows.get("201307251");
        assertEquals(List.of("no"), overcast.answers());
        assertEquals("verify", overcast.category(), "category: the entry's structural type");
        assertEquals("n161313", overcast.meta("image_id"));
        assertEquals("No, it is clear.", overcast.meta("full_answer"));
        assertArrayEquals(Files.readAllBytes(gqa.resolve("data/images/n161313.jpg")), overcast.media().get(0));
        assertEquals(List.of("woman"), rows.get("201640614").answers());
        Map<String, String> texts = texts(gqa.resolve("llava_gqa_testdev_balanced.jsonl"));
        for (String id : List.of("201307251", "201640614")) {
            assertEquals(texts.get(id), LlavaPrompts.SHORT_ANSWER.render(rows.get(id)), "prompt = the file's text, " + id);
        }
        String f = "llava_gqa_testdev_balanced.jsonl line ";
        assertEquals(f + "3: field question_id: expected an entry for question id \"202225914\" in testdev_balanced_questions.json"
                + " but found none", rows.get("llava_gqa_testdev_balanced.jsonl:3").error());
        assertEquals(f + "4: testdev_balanced_questions.json entry \"2062325\": field answer: expected a value but it is missing",
                rows.get("llava_gqa_testdev_balanced.jsonl:4").error());
        assertTrue(rows.get("llava_gqa_testdev_balanced.jsonl:5").error().startsWith(f + "5: malformed JSON"));
        assertTrue(rows.get("llava_gqa_testdev_balanced.jsonl:6").error().startsWith(f + "6: field image: expected an image "
                + "file but found no file at"), rows.get("llava_gqa_testdev_balanced.jsonl:6").error());
        assertTrue(rows.get("llava_gqa_testdev_balanced.jsonl:7").error().contains("outside the benchmark folder"),
                rows.get("llava_gqa_testdev_balanced.jsonl:7").error());
    }

    @Test
    void textVqaLinesFindTheirAnnotationByImageAndLowerCasedQuestion() throws Exception {
        Path t = ROOT.resolve("textvqa");
        Map<String, Sample> rows = textVqa(2);
        assertEquals(8, rows.size(), "8 lines = ok + error rows");
        assertEquals(5, rows.values().stream().filter(s -> !s.isError()).count());
        Sample camera = rows.get("34602");
        assertEquals("What is the brand of this camera?", camera.question(), "the question as the file gives it");
        assertEquals("DAKOTA, DIGITAL, Single-Use, Camera, Pire, digitat", camera.meta("ocr_tokens"));
        assertEquals(10, camera.answers().size());
        assertEquals("003a8ae2ef43b901", camera.meta("image_id"));
        assertEquals("", rows.get("34638").meta("ocr_tokens"), "a reference line with no tokens");
        List<String> lines = Files.readAllLines(t.resolve("llava_textvqa_val_v051_ocr.jsonl"));
        Map<String, Integer> line = Map.of("34602", 0, "34603", 1, "34638", 2, "34605#4", 3, "34605#5", 4);
        for (var e : line.entrySet()) {
            String text = JSON.readTree(lines.get(e.getValue())).get("text").asText();
            assertEquals(text, LlavaPrompts.TEXTVQA.render(rows.get(e.getKey())), "prompt = the file's text, OCR line included");
        }
        // Two entries share image and lower-cased question: the later wins, as in eval_textvqa.py's dict.
        assertEquals("stone", rows.get("34605#4").answers().get(0));
        assertEquals(rows.get("34605#4").answers(), rows.get("34605#5").answers());
        String f = "llava_textvqa_val_v051_ocr.jsonl line ";
        assertEquals(f + "6: field text: expected the question, an optional \"Reference OCR token: \" line and the answer "
                + "instruction (2 or 3 lines) but found 4 line(s)", rows.get("llava_textvqa_val_v051_ocr.jsonl:6").error());
        assertEquals(f + "7: field question_id: expected an entry for image_id \"831bcec304a17054\" with question \"how long has "
                + "the drink on the right been aged?\" in TextVQA_0.5.1_val.json but found none",
                rows.get("llava_textvqa_val_v051_ocr.jsonl:7").error());
        assertEquals(f + "8: TextVQA_0.5.1_val.json data[5]: field answers: expected 10 answers (m4c_evaluator) but found 9",
                rows.get("llava_textvqa_val_v051_ocr.jsonl:8").error());
    }

    @Test
    void textVqaQuestionIsReadBackFromThePromptAsEvalTextVqaDoes() throws Exception {
        assertEquals("q?", TextVqaAnswers.question("q?\nReference OCR token: a, b\nAnswer briefly."));
        assertEquals("q?", TextVqaAnswers.question("Reference OCR token: a, b\nq?\nAnswer briefly."));
        assertEquals("q?", TextVqaAnswers.question("q?\nAnswer briefly."));
        assertEquals("what\nis it?", TextVqaAnswers.question("OCR tokens: a. Question: what\nis it? Short answer:"));
    }

    @Test
    void mmeReleaseFolderOneRowPerQuestionLineWithItsImage() throws Exception {
        Path release = ROOT.resolve("MME/MME_Benchmark_release_version");
        List<String> files = MmeFolderReader.questionFiles(release);
        assertEquals(List.of("count/000000470121.txt", "artwork/questions_answers_YN/10002.txt", "OCR/0003.txt", "OCR/0009.txt"),
                files, "subtask order, eval_tool/ not read");
        Map<String, Sample> rows = mme(3);
        assertEquals(8, rows.size(), "8 question lines = ok + error rows");
        Sample painting = rows.get("artwork/images/10002.jpg#1");
        assertEquals("artwork", painting.category());
        assertEquals("Does this artwork exist in the form of painting? Please answer yes or no.", painting.question());
        assertEquals(List.of("Yes"), painting.answers());
        assertEquals("artwork/images/10002.jpg", painting.meta("image_id"), "both questions of an image share it");
        assertEquals(List.of("No"), rows.get("artwork/images/10002.jpg#2").answers());
        assertEquals("OCR", rows.get("OCR/0009.jpg#2").category());
        assertArrayEquals(Files.readAllBytes(release.resolve("OCR/0009.jpg")), rows.get("OCR/0009.jpg#2").media().get(0));
        assertEquals("OCR/0003.txt line 1: field answer: expected Yes or No but found \"Maybe\"", rows.get("OCR/0003.txt:1").error());
        assertEquals("OCR/0003.txt line 2: expected \"question<TAB>answer\" (2 tab-separated fields) but found 1",
                rows.get("OCR/0003.txt:2").error());
        assertEquals("count/000000470121.txt line 1: field image: expected count/000000470121[.jpg|.png|.jpeg] but found none",
                rows.get("count/000000470121.txt:1").error());
        assertTrue(rows.containsKey("count/000000470121.txt:2"));
        // The prompt of each ok row is the text of LLaVA's llava_mme.jsonl line for that image and question.
        int matched = 0;
        for (String l : Files.readAllLines(ROOT.resolve("MME/llava_mme.jsonl"))) {
            JsonNode o = JSON.readTree(l);
            for (Sample s : rows.values()) {
                if (!s.isError() && s.meta("image_id").equals(o.get("question_id").asText())
                        && LlavaPrompts.MME.render(s).equals(o.get("text").asText())) {
                    assertEquals(o.get("category").asText(), s.category());
                    matched++;
                }
            }
        }
        assertEquals(4, matched, "the 4 ok rows each have LLaVA's prompt");
        // One machine reads the same rows.
        List<Sample> local = new MmeFolderReader("mme", "test").read(release, "OCR/0009.txt");
        assertEquals(List.of("OCR/0009.jpg#1", "OCR/0009.jpg#2"), local.stream().map(Sample::id).toList());
        assertEquals(rows.get("OCR/0009.jpg#1").question(), local.get(0).question());
    }

    /**
     * The readers and scorers against LLaVA's own scripts run on the same files
     * (tools/layouts/official_layouts.py, LLaVA c121f04; results in official/*.jsonl): every line the
     * scripts score gets the same score here, and every line they fail on is an error row here.
     */
    @Test
    void scoresEqualWhatLlavasScriptsComputeOnTheSameFiles() throws Exception {
        var registry = io.iwpspark.datasets.benchmarks.BenchmarkRegistry.load();
        int compared = 0;
        for (var e : Map.of("textvqa", textVqa(2), "gqa", gqa(2)).entrySet()) {
            Map<Long, Sample> byLine = new TreeMap<>();
            e.getValue().values().forEach(s -> byLine.put(Long.parseLong(s.meta("source").replaceAll(".*:", "")), s));
            for (String l : Files.readAllLines(ROOT.resolve("official/" + e.getKey() + ".jsonl"))) {
                JsonNode o = JSON.readTree(l);
                Sample s = byLine.get(o.get("line").asLong());
                String where = e.getKey() + " line " + o.get("line");
                if (o.has("error")) {
                    assertTrue(s.isError(), where + ": the official script fails (" + o.get("error") + "), expected an error row");
                } else if (s.isError()) {
                    assertTrue(s.error().contains("field image"), where + ": only a media problem may fail here: " + s.error());
                } else {
                    double official = o.has("accuracy") ? o.get("accuracy").asDouble() : o.get("correct").asBoolean() ? 1 : 0;
                    double ours = registry.get(e.getKey()).scorer().score(o.get("prediction").asText(), s).score();
                    assertEquals(official, ours, 1e-12, where);
                    compared++;
                }
            }
        }
        assertEquals(7, compared, "5 TextVQA + 2 GQA lines scored by both");
        // MME: convert_answer_to_mme.py's ground truth for each question, and the files its get_gt cannot read.
        Map<String, Sample> mme = mme(2);
        int found = 0;
        for (String l : Files.readAllLines(ROOT.resolve("official/mme.jsonl"))) {
            JsonNode o = JSON.readTree(l);
            if (o.has("error")) {
                String file = o.get("file").asText();
                assertTrue(mme.values().stream().filter(s -> s.meta("source").startsWith(file + ":")).allMatch(Sample::isError),
                        file + ": the official get_gt fails (" + o.get("error") + "), expected error rows");
                continue;
            }
            for (Sample s : mme.values()) {
                String source = s.meta("source");
                String file = source.substring(source.lastIndexOf('/') + 1, source.lastIndexOf(':'));
                if (!s.isError() && s.category().equals(o.get("category").asText()) && file.equals(o.get("file").asText())
                        && s.question().equals(o.get("question").asText())) {
                    assertEquals(List.of(o.get("gt").asText()), s.answers(), source);
                    found++;
                }
            }
        }
        assertEquals(4, found, "the 4 ok MME rows have the official ground truth (count/ has no image here)");
    }

    @Test
    void anMmeImageLinkedFromOutsideTheReleaseFolderIsAnErrorRow(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path release = Files.createDirectories(dir.resolve("MME_Benchmark_release_version/OCR"));
        Files.writeString(release.resolve("0005.txt"), "Is it red? Please answer yes or no.\tYes\n");
        Files.write(dir.resolve("elsewhere.png"), Fixtures.png(0xFF0000));
        Files.createSymbolicLink(release.resolve("0005.png"), dir.resolve("elsewhere.png"));
        Path root = dir.resolve("MME_Benchmark_release_version");
        List<Sample> rows = new MmeFolderReader("mme", "test").read(root, "OCR/0005.txt");
        assertTrue(rows.get(0).error().startsWith("OCR/0005.txt line 1: field image: \"OCR/0005.png\" resolves to "),
                rows.get(0).error());
        assertTrue(rows.get(0).error().contains("outside the benchmark folder"), rows.get(0).error());
        assertEquals(null, new MmeFolderReader("mme", "test").allowMediaOutsideFolder().read(root, "OCR/0005.txt").get(0).error());
    }
}
