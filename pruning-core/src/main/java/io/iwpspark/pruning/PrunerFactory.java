package io.iwpspark.pruning;

import java.util.Set;

/**
 * Makes a pruner from its parameters; found through META-INF/services (ServiceLoader), so a new
 * method is a class and a line in the services file, never an edit of a list.
 */
public interface PrunerFactory {
    /** The stable name, as in output tables (lower case, e.g. "iwp", "fastv"). */
    String name();

    /** The parameter names {@link #create} accepts; anything else is an error. */
    Set<String> parameters();

    /** Validates and builds; throws IllegalArgumentException naming a bad parameter and its value. */
    Pruner create(PrunerParams params);
}
