package io.iwpspark.lvlm.template;

import java.util.ArrayList;
import java.util.List;

/**
  * A Python generator, what jinja2's select, reject, selectattr, rejectattr, map, unique, items and reverse
  * filters return: always truthy (even when empty), without a length, not subscriptable, and used up by the
  * first loop over it, so a second loop sees nothing and {@code first} takes one item from what is left.
  */
final class Generator {
    private final String name;
    private final List<Object> items;
    private int cursor;

    Generator(String name, List<Object> items) {
        this.name = name;
        this.items = items;
    }

    /** The items not yet taken; afterwards the generator is exhausted. */
    List<Object> drain() {
        List<Object> rest = new ArrayList<>(items.subList(cursor, items.size()));
        cursor = items.size();
        return rest;
    }

    boolean hasNext() {
        return cursor < items.size();
    }

    Object next() {
        return items.get(cursor++);
    }

    @Override
    public String toString() {
        return "<generator object " + name + ">";
    }
}
