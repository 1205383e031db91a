package io.iwpspark.pruning;

import java.util.List;

/**
 * What {@code iwp methods} and docs/METHODS.md say about a pruner.
 *
 * @param label the method's full name as a reader knows it, with any deviation that changes what it is
 * @param where where it prunes: the stage layers and the space of merged tokens, with default parameters
 * @param rule the selection rule in two or three sentences
 * @param repository the official code ("none" for a reference floor without one)
 * @param parameters every parameter its factory accepts
 */
public record PrunerDescription(String label, String where, String rule, String repository, List<ParamSpec> parameters) {
    public PrunerDescription {
        parameters = List.copyOf(parameters);
        for (String[] field : new String[][] {{"label", label}, {"where", where}, {"rule", rule}, {"repository", repository}}) {
            if (field[1] == null || field[1].isBlank()) {
                throw new IllegalArgumentException("a pruner description needs a " + field[0] + ", found none");
            }
        }
    }
}
