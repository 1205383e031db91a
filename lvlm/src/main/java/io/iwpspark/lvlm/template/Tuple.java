package io.iwpspark.lvlm.template;

import java.util.List;

/** A Python tuple, e.g. the (key, value) pairs of {@code dict.items()}; it prints with parentheses. */
record Tuple(List<Object> items) {}
