package io.iwpspark.pruning;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes a pruner from its parameters; found through META-INF/services (ServiceLoader), so a new
 * method is a class and a line in the services file, never an edit of a list.
 */
public interface PrunerFactory {
    /** The stable name, as in output tables (lower case, e.g. "iwp", "fastv"). */
    String name();

    /** What the method is and every parameter it takes ({@code iwp methods}, docs/METHODS.md). */
    PrunerDescription describe();

    /** The parameter names {@link #create} accepts (those of {@link #describe}); anything else is an error. */
    default Set<String> parameters() {
        return describe().parameters().stream().map(ParamSpec::name).collect(Collectors.toUnmodifiableSet());
    }

    /** Validates and builds; throws IllegalArgumentException naming a bad parameter and its value. */
    Pruner create(PrunerParams params);
}
