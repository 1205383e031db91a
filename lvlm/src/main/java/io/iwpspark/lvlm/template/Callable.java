package io.iwpspark.lvlm.template;

import java.util.List;
import java.util.Map;

/** Something a template can call: a global such as {@code range}, or a bound method such as {@code s.upper}. */
@FunctionalInterface
interface Callable {
    Object call(List<Object> args, Map<String, Object> kwargs);
}
