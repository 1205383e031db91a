package io.iwpspark.datasets.schema;

/** How a sample's answers are to be read; stored in the table by {@link #name()}. */
public enum AnswerType {
    /** "yes" or "no" (POPE, MME, ShapesVQA existence). */
    YES_NO,
    /** A short free-form answer, possibly several reference answers (VQAv2, TextVQA, GQA). */
    SHORT_TEXT,
    /** A number written with digits (ShapesVQA count). */
    NUMBER,
    /** One option letter, "A", "B", ... (MMBench, ScienceQA-IMG, video multiple choice). */
    MULTIPLE_CHOICE;

    /** Parses a stored name, naming the field and the allowed values when it is none of them. */
    public static AnswerType parse(String stored) {
        for (AnswerType t : values()) {
            if (t.name().equals(stored)) {
                return t;
            }
        }
        throw new IllegalArgumentException("answer_type: expected one of "
                + java.util.Arrays.toString(values()) + " but found \"" + stored + "\"");
    }
}
