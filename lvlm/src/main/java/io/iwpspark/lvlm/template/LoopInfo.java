package io.iwpspark.lvlm.template;

import java.util.List;

/** The {@code loop} variable inside a for loop (jinja2.runtime.LoopContext, without recursion). */
final class LoopInfo {
    private final List<Object> items;
    private final int index0;

    LoopInfo(List<Object> items, int index0) {
        this.items = items;
        this.index0 = index0;
    }

    Object attribute(String name) {
        int n = items.size();
        switch (name) {
            case "index0": return (long) index0;
            case "index": return (long) index0 + 1;
            case "revindex0": return (long) (n - index0 - 1);
            case "revindex": return (long) (n - index0);
            case "first": return index0 == 0;
            case "last": return index0 == n - 1;
            case "length": return (long) n;
            case "depth": return 1L;
            case "depth0": return 0L;
            case "previtem": return index0 > 0 ? items.get(index0 - 1) : new Undefined("there is no previous item");
            case "nextitem": return index0 < n - 1 ? items.get(index0 + 1) : new Undefined("there is no next item");
            case "cycle":
                return (Callable) (args, kwargs) -> {
                    if (args.isEmpty()) {
                        throw new TemplateException("TypeError: no items for cycling given");
                    }
                    return args.get(index0 % args.size());
                };
            default: return Undefined.attribute(this, name);
        }
    }

    @Override
    public String toString() {
        return "<LoopContext " + (index0 + 1) + "/" + items.size() + ">";
    }
}
