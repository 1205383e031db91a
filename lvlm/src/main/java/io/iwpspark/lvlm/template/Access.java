package io.iwpspark.lvlm.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
  * {@code obj.name} and {@code obj[key]} as jinja2's sandboxed environment resolves them: attribute access tries
  * the Python attribute (a method such as {@code dict.items}) and then the item, subscription tries the item and
  * then the attribute; what is missing is an {@link Undefined} that fails when used.
  */
final class Access {
    private Access() {}

    /** A Python slice {@code [start:stop:step]}, any part may be null. */
    record Slice(Object start, Object stop, Object step) {
        @Override
        public String toString() {
            return "slice(" + Py.repr(start) + ", " + Py.repr(stop) + ", " + Py.repr(step) + ")";
        }
    }

    static Object attribute(Object obj, String name) {
        if (obj instanceof Undefined) {
            throw ((Undefined) obj).fail();
        } else if (obj instanceof LoopInfo) {
            return ((LoopInfo) obj).attribute(name);
        } else if (obj instanceof Namespace) {
            Map<String, Object> a = ((Namespace) obj).attributes;
            return a.containsKey(name) ? a.get(name) : Undefined.attribute(obj, name);
        }
        Callable method = Methods.bind(obj, name);
        if (method != null) {
            return method;
        }
        if (obj instanceof Map && ((Map<?, ?>) obj).containsKey(name)) {
            return ((Map<?, ?>) obj).get(name);
        }
        return Undefined.attribute(obj, name);
    }

    static Object item(Object obj, Object key) {
        if (obj instanceof Undefined) {
            throw ((Undefined) obj).fail();
        } else if (key instanceof Slice) {
            return slice(obj, (Slice) key);
        } else if (obj instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) obj;
            if (map.containsKey(key)) {
                return map.get(key);
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (Py.isNumber(key) && Py.isNumber(e.getKey()) && Py.eq(key, e.getKey())) {
                    return e.getValue();
                }
            }
        } else if (sequence(obj) && Py.isInteger(key)) {
            List<Object> items = Py.iterate(obj);
            long i = Py.toLong(key);
            i = i < 0 ? i + items.size() : i;
            if (i >= 0 && i < items.size()) {
                return items.get((int) i);
            }
            return new Undefined("'" + Py.typeName(obj) + " object' has no element " + Py.repr(key));
        }
        if (key instanceof String) {
            return attribute(obj, (String) key);
        }
        return new Undefined("'" + Py.typeName(obj) + " object' has no element " + Py.repr(key));
    }

    /** Values Python can index and slice by position. */
    private static boolean sequence(Object obj) {
        return obj instanceof List || obj instanceof Tuple || obj instanceof String
                || (obj instanceof View && ((View) obj).subscriptable());
    }

    private static Object slice(Object obj, Slice s) {
        if (!sequence(obj)) {
            return new Undefined("'" + Py.typeName(obj) + " object' has no element " + s);
        }
        List<Object> items = Py.iterate(obj);
        int n = items.size();
        long step = s.step() == null ? 1 : index(s.step());
        if (step == 0) {
            throw new TemplateException("ValueError: slice step cannot be zero");
        }
        long start = bound(s.start(), n, step, true);
        long stop = bound(s.stop(), n, step, false);
        List<Object> picked = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            picked.add(items.get((int) i));
        }
        if (obj instanceof String) {
            StringBuilder b = new StringBuilder();
            picked.forEach(c -> b.append((String) c));
            return b.toString();
        }
        return obj instanceof Tuple ? new Tuple(picked) : picked;
    }

    /** CPython's PySlice_AdjustIndices for one end of a slice. */
    private static long bound(Object value, int n, long step, boolean isStart) {
        if (value == null) {
            return step > 0 ? (isStart ? 0 : n) : (isStart ? n - 1 : -1);
        }
        long i = index(value);
        if (i < 0) {
            i += n;
            if (i < 0) {
                i = step < 0 ? -1 : 0;
            }
        } else if (i >= n) {
            i = step < 0 ? n - 1 : n;
        }
        return i;
    }

    private static long index(Object value) {
        if (!Py.isInteger(value)) {
            throw new TemplateException("TypeError: slice indices must be integers or None, not " + Py.typeName(value));
        }
        return Py.toLong(value);
    }
}
