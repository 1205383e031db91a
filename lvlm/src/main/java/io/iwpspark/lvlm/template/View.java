package io.iwpspark.lvlm.template;

import java.util.List;

/**
  * A Python view or range: {@code dict.keys()/values()/items()} print as dict_keys([...]) and cannot be
  * subscripted (an item of one is undefined, as jinja2 makes it), {@code range(...)} prints as range(0, 3) and can.
  */
record View(String name, List<Object> items, String arguments, boolean subscriptable) {
    static View dict(String name, List<Object> items) {
        return new View(name, items, null, false);
    }

    static View range(long start, long stop, long step, List<Object> items) {
        return new View("range", items, start + ", " + stop + (step == 1 ? "" : ", " + step), true);
    }
}
