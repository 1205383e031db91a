package io.iwpspark.datasets.scorers;

/** How an MME reply becomes yes / no / other; the name of a non-default parser labels scorer and metrics. */
public enum MmeParser {
    /** MME's own eval_tool/calculation.py: {@link YesNo#mmeOfficial}. The default. */
    OFFICIAL(""),
    /** lmms-eval's tasks/mme/utils.py: {@link YesNo#mmeLmmsEval}. */
    LMMS_EVAL("lmms_eval_parser");

    private final String label;

    MmeParser(String label) {
        this.label = label;
    }

    /** "" for the official parser, else the option's name as it appears in scorer and metric names. */
    public String label() {
        return label;
    }

    String read(String reply) {
        return this == OFFICIAL ? YesNo.mmeOfficial(reply) : YesNo.mmeLmmsEval(reply);
    }
}
