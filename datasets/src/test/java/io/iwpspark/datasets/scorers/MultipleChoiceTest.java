package io.iwpspark.datasets.scorers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iwpspark.datasets.schema.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultipleChoiceTest {
    private static final List<String> OPTS = List.of("cat", "dog", "bird", "fish");

    @Test
    void scienceQaReadsLettersAsLlavaDoes() {
        assertEquals("B", OptionLetter.scienceQa("B"));
        assertEquals("C", OptionLetter.scienceQa("C. bird"));
        assertEquals("A", OptionLetter.scienceQa("Because ... The answer is A."));
        assertEquals(OptionLetter.FAILED, OptionLetter.scienceQa("Because ... The answer is B"),
                "the merged script wants one character after the letter");
        assertEquals(OptionLetter.FAILED, OptionLetter.scienceQa("The answer is A. The answer is B."));
        assertEquals(OptionLetter.FAILED, OptionLetter.scienceQa("bird"));
        assertEquals("Z", OptionLetter.scienceQa("The answer is Z."), "any capital is read, then it matches no option");
    }

    @Test
    void vlmEvalKitReadsLettersThenOptionText() {
        assertEquals("B", CanInfer.read("B", OPTS));
        assertEquals("C", CanInfer.read("(C) bird", OPTS));
        assertEquals("", CanInfer.read("A or B", OPTS), "two letters and no single option text");
        assertEquals("A", CanInfer.read("The correct answer is **A**", OPTS), "a lone letter in a longer reply");
        assertEquals("", CanInfer.read("B is right, not the others at all", OPTS), "the letter must be in the last four words");
        assertEquals("D", CanInfer.read("It is a fish swimming", OPTS), "no letter: the option text decides");
        assertEquals("Z", CanInfer.read("Cannot determine the answer", OPTS));
        assertEquals("B", CanInfer.read("the dog", OPTS));
    }

    @Test
    void mvBenchReadsLettersAsLmmsEvalDoes() {
        assertEquals("B", OptionLetter.mvBench("B. The man walks"));
        assertEquals("C", OptionLetter.mvBench("(C)"));
        assertEquals("A", OptionLetter.mvBench("a cat"), "the script's case-insensitive letter search");
        assertEquals("walking", OptionLetter.mvBench("walking"));
        assertEquals("C", OptionLetter.mvBench("Answer: C"));
        assertEquals("B", OptionLetter.mvBench("b"));
    }

    @Test
    void videoMmeReadsTheFirstCapitalAtoD() {
        assertEquals("A", OptionLetter.videoMme("Answer: C"), "the A of Answer comes first");
        assertEquals("", OptionLetter.videoMme("b"));
        assertEquals("C", OptionLetter.videoMme("The best answer is C"));
    }

    @Test
    void circularQuestionCountsOnlyWhenEveryRotationIsRight() {
        Sample q1 = Samples.choice("q1", "ocr", OPTS, "B", Map.of());
        Sample q2 = Samples.choice("q2", "ocr", OPTS, "A", Map.of());
        List<Sample> r1 = CircularRotations.expand(q1);
        List<Sample> r2 = CircularRotations.expand(q2);
        assertEquals(4, r1.size());
        // Rotation 1 of q1: options dog, bird, fish, cat -> "dog" is now A.
        assertEquals(List.of("dog", "bird", "fish", "cat"), r1.get(1).options());
        assertEquals("A", r1.get(1).answers().get(0));
        assertEquals("D", r1.get(2).answers().get(0));
        CircularScorer sc = new CircularScorer("mmbench");
        List<SampleScore> scores = new ArrayList<>();
        for (Sample s : r1) { // always answers with the text of the right option: all right
            scores.add(sc.score(s.options().get(s.answers().get(0).charAt(0) - 'A'), s));
        }
        for (Sample s : r2) { // always answers "A": right only in rotation 0
            scores.add(sc.score("A", s));
        }
        Map<String, Double> m = sc.aggregate(scores);
        assertEquals(50.0, m.get("circular_accuracy"), 1e-9);
        assertEquals(100.0, m.get("vanilla_accuracy"), 1e-9, "both rotation-0 answers are right");
    }

    @Test
    void scienceQaAccuracy() {
        MultipleChoiceScorer sqa = new MultipleChoiceScorer("sqa", MultipleChoiceScorer.Reading.SCIENCE_QA);
        List<SampleScore> s = List.of(
                sqa.score("A", Samples.choice("1", "", OPTS, "A", Map.of())),
                sqa.score("The answer is B.", Samples.choice("2", "", OPTS, "B", Map.of())),
                sqa.score("cat", Samples.choice("3", "", OPTS, "A", Map.of())));
        assertEquals(200.0 / 3, sqa.aggregate(s).get("accuracy"), 1e-9);
    }
}
