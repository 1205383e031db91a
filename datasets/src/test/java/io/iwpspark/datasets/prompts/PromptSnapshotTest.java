package io.iwpspark.datasets.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.iwpspark.datasets.benchmarks.BenchmarkRegistry;
import io.iwpspark.datasets.schema.AnswerType;
import io.iwpspark.datasets.schema.MediaKind;
import io.iwpspark.datasets.schema.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact prompt text of one sample per benchmark: a change to a prompt must change this file. */
class PromptSnapshotTest {
    private static final BenchmarkRegistry REGISTRY = BenchmarkRegistry.load();

    private static Sample sample(String benchmark, String question, List<String> options, AnswerType t,
                                 Map<String, String> meta) {
        List<String> answers = t == AnswerType.MULTIPLE_CHOICE ? List.of("A") : List.of("x");
        return new Sample("1", benchmark, "test", "", MediaKind.IMAGE, List.of(new byte[] {1}), question, options,
                answers, t, meta, null);
    }

    private static String prompt(String benchmark, Sample s) {
        return LlavaPrompts.render(REGISTRY.get(benchmark).prompt(), s);
    }

    @Test
    void shortAnswerBenchmarks() {
        String suffix = "\nAnswer the question using a single word or phrase.";
        for (String b : List.of("pope", "gqa", "vqav2", "shapes_vqa", "shapes_video")) {
            assertEquals("Is there a snowboard in the image?" + suffix,
                    prompt(b, sample(b, "Is there a snowboard in the image?", List.of(), AnswerType.YES_NO, Map.of())), b);
        }
    }

    @Test
    void mme() {
        assertEquals("Is this photo taken in a place of youth hostel?\nAnswer the question using a single word or phrase.",
                prompt("mme", sample("mme", "Is this photo taken in a place of youth hostel? Please answer yes or no.",
                        List.of(), AnswerType.YES_NO, Map.of())));
        assertEquals("Is the output 'Hello'?\nAnswer the question using a single word or phrase.",
                prompt("mme", sample("mme", "Is the output 'Hello'?  Please answer yes or no.",
                        List.of(), AnswerType.YES_NO, Map.of())), "MME's double-space variant");
    }

    @Test
    void textVqa() {
        assertEquals("what is the brand of this camera?\nReference OCR token: DAKOTA, DIGITAL\n"
                        + "Answer the question using a single word or phrase.",
                prompt("textvqa", sample("textvqa", "what is the brand of this camera?", List.of(), AnswerType.SHORT_TEXT,
                        Map.of("ocr_tokens", "DAKOTA, DIGITAL"))));
    }

    @Test
    void scienceQaImg() {
        assertEquals("Context: Select the best answer.\nWhich property do these three objects have in common?\n"
                        + "A. shiny\nB. slippery\nC. opaque\nAnswer with the option's letter from the given choices directly.",
                prompt("scienceqa_img", sample("scienceqa_img", "Which property do these three objects have in common?",
                        List.of("shiny", "slippery", "opaque"), AnswerType.MULTIPLE_CHOICE, Map.of("hint", "Select the best answer."))));
        assertEquals("Which is a mammal?\nA. frog\nB. whale\nAnswer with the option's letter from the given choices directly.",
                prompt("scienceqa_img", sample("scienceqa_img", "Which is a mammal?", List.of("frog", "whale"),
                        AnswerType.MULTIPLE_CHOICE, Map.of())));
    }

    @Test
    void mmbench() {
        assertEquals("The passage is about a cat.\nWhich animal is shown?\nA. cat\nB. dog\n"
                        + "Answer with the option's letter from the given choices directly.",
                prompt("mmbench_en", sample("mmbench_en", "Which animal is shown?", List.of("cat", "dog"),
                        AnswerType.MULTIPLE_CHOICE, Map.of("hint", "The passage is about a cat."))));
    }

    @Test
    void videoBenchmarks() {
        assertEquals("Question:What did the person do first?\nOption:\n(A) Sat\n(B) Stood\n"
                        + "Answer with the option's letter from the given choices directly.",
                prompt("mvbench", sample("mvbench", "What did the person do first?", List.of("Sat", "Stood"),
                        AnswerType.MULTIPLE_CHOICE, Map.of())));
        assertEquals("Select the best answer to the following multiple-choice question based on the video. "
                        + "Respond with only the letter (A, B, C, or D) of the correct option.\nHow many?\n"
                        + "A. 1\nB. 2\nC. 3\nD. 4\nThe best answer is:",
                prompt("videomme", sample("videomme", "How many?", List.of("1", "2", "3", "4"),
                        AnswerType.MULTIPLE_CHOICE, Map.of())));
    }

    @Test
    void lmmsEvalBenchmarks() {
        String letter = "Answer with the option's letter from the given choices directly.";
        assertEquals("How many towels are in the image?\nA. One\nB. Two\nC. Three\nD. Four\n" + letter,
                prompt("seedbench", sample("seedbench", "How many towels are in the image?", List.of("One", "Two", "Three", "Four"),
                        AnswerType.MULTIPLE_CHOICE, Map.of())));
        assertEquals("what is written in the image?",
                prompt("ocrbench", sample("ocrbench", " what is written in the image?\n", List.of(), AnswerType.SHORT_TEXT, Map.of())));
        assertEquals("<image 1> Which painter?\nA. Monet\nB. Klee\n\n" + letter,
                prompt("mmmu", sample("mmmu", "<image 1> Which painter?", List.of("Monet", "Klee"), AnswerType.MULTIPLE_CHOICE, Map.of())));
        assertEquals("What is x in <image 1>?\n\nAnswer the question using a single word or phrase.",
                prompt("mmmu", sample("mmmu", "What is x in <image 1>?", List.of(), AnswerType.SHORT_TEXT, Map.of())));
        assertEquals("What is c doing?\nA. c cooks\nB. c cleans\nC. c reads\nD. c paints\nE. c sleeps\n" + letter,
                prompt("egoschema", sample("egoschema", "What is c doing?",
                        List.of("c cooks", "c cleans", "c reads", "c paints", "c sleeps"), AnswerType.MULTIPLE_CHOICE, Map.of())));
    }

    @Test
    void anErrorRowHasNoPrompt() {
        Sample err = Sample.error("f:1", "pope", "test", "f line 1: malformed JSON", Map.of());
        assertThrows(IllegalArgumentException.class, () -> prompt("pope", err));
    }
}
