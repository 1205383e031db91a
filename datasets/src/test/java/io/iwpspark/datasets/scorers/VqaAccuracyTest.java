package io.iwpspark.datasets.scorers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VqaAccuracyTest {
    private static final VqaAccuracy VQAV2 = new VqaAccuracy("vqav2", VqaAccuracy.References.VQAV2);
    private static final VqaAccuracy TEXTVQA = new VqaAccuracy("textvqa", VqaAccuracy.References.TEXTVQA);

    private static List<String> answers(String a, int na, String b) {
        List<String> out = new ArrayList<>(Collections.nCopies(na, a));
        out.addAll(Collections.nCopies(10 - na, b));
        return out;
    }

    @Test
    void normalisationHandlesNumbersArticlesPunctuationAndContractions() {
        assertEquals("2", EvalAiAnswer.normalise("Two"));
        assertEquals("dog", EvalAiAnswer.normalise("The dog."));
        assertEquals("dog", EvalAiAnswer.normalise("a dog"));
        assertEquals("hot dog", EvalAiAnswer.normalise("hot-dog"), "a mark inside a word becomes a space");
        assertEquals("hot dog", EvalAiAnswer.normalise("hot - dog"), "a mark beside a space is dropped");
        assertEquals("3.5", EvalAiAnswer.normalise("3.5"), "a period before a digit stays");
        assertEquals("1000", EvalAiAnswer.normalise("1,000"), "commas go in word_tokenize");
        assertEquals("don't", EvalAiAnswer.normalise("dont"));
        assertEquals("isn't", EvalAiAnswer.normalise("isnt"));
        assertEquals("man 's hat", EvalAiAnswer.normalise("Man's hat"), "'s is split off");
        assertEquals("yes", EvalAiAnswer.normalise("  Yes!\n"));
        assertEquals("10", EvalAiAnswer.normalise("ten"));
        assertEquals("0", EvalAiAnswer.normalise("none"));
        // Only 32 periods are removed (re.UNICODE passed as re.sub's count in the original).
        String dots = ".".repeat(40);
        assertEquals("x" + ".".repeat(8), EvalAiAnswer.normalise("x" + dots));
    }

    @Test
    void tenAnswerLeaveOneOutAverageMatchesHandComputation() {
        // 2 of 10 humans said "red": each of those 2 subsets has 1 other match (1/3), each of the 8
        // others has 2 matches (2/3): (2 * 1/3 + 8 * 2/3) / 10 = 0.6.
        assertEquals(0.6, VQAV2.score("red", Samples.open("a", "", answers("red", 2, "blue"))).score(), 1e-12);
        // 4 said "red": 3 other matches for every subset -> 1.
        assertEquals(1.0, VQAV2.score("Red.", Samples.open("b", "", answers("red", 4, "blue"))).score(), 1e-12);
        // 1 said "red": 9 subsets keep it (1/3 each), the subset without it has none: 9/30 = 0.3.
        assertEquals(0.3, VQAV2.score("red", Samples.open("c", "", answers("red", 1, "blue"))).score(), 1e-12);
        assertEquals(0.0, VQAV2.score("green", Samples.open("d", "", answers("red", 5, "blue"))).score(), 1e-12);
    }

    @Test
    void numberWordsAndArticlesMatchAcrossPredictionAndAnswers() {
        assertEquals(1.0, VQAV2.score("Two", Samples.open("a", "", answers("2", 10, "2"))).score(), 1e-12);
        assertEquals(1.0, VQAV2.score("the table", Samples.open("b", "", answers("table", 10, "table"))).score(), 1e-12);
        // TextVQA normalises the human answers too: "Coca-Cola" -> "coca cola".
        assertEquals(1.0, TEXTVQA.score("coca cola", Samples.open("c", "", answers("Coca-Cola", 10, "x"))).score(), 1e-12);
        // VQAv2 does not normalise unanimous answers: a raw "Coca-Cola" never matches the normalised prediction.
        assertEquals(0.0, VQAV2.score("Coca-Cola", Samples.open("d", "", answers("Coca-Cola", 10, "x"))).score(), 1e-12);
    }

    @Test
    void aggregateIsThePercentMean() {
        List<SampleScore> s = List.of(
                VQAV2.score("red", Samples.open("a", "k1", answers("red", 2, "blue"))),
                VQAV2.score("red", Samples.open("b", "k2", answers("red", 4, "blue"))));
        assertEquals(80.0, VQAV2.aggregate(s).get("accuracy"), 1e-9);
        assertEquals(60.0, VQAV2.aggregate(s).get("k1/accuracy"), 1e-9);
    }
}
