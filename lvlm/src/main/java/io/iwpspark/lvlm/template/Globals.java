package io.iwpspark.lvlm.template;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
  * The functions a chat template may call: jinja2's range, namespace and dict, and the two transformers adds,
  * raise_exception(message) and strftime_now(format) (transformers/utils/chat_template_utils.py).
  */
final class Globals {
    /** jinja2's sandbox refuses ranges longer than this (jinja2.sandbox.MAX_RANGE). */
    private static final long MAX_RANGE = 100_000;

    static final Map<String, Object> ALL = Map.of(
            "range", (Callable) Globals::range,
            "namespace", (Callable) (args, kwargs) -> {
                Namespace ns = new Namespace();
                for (Object a : args) {
                    if (!(a instanceof Map)) {
                        throw new TemplateException("TypeError: namespace() takes a mapping, found " + Py.typeName(a));
                    }
                    ((Map<?, ?>) a).forEach((k, v) -> ns.set(Py.str(k), v));
                }
                kwargs.forEach(ns::set);
                return ns;
            },
            "dict", (Callable) (args, kwargs) -> {
                Map<Object, Object> d = new LinkedHashMap<>();
                for (Object a : args) {
                    ((Map<?, ?>) a).forEach(d::put);
                }
                d.putAll(kwargs);
                return d;
            },
            "raise_exception", (Callable) (args, kwargs) -> {
                throw new RaisedException(args.isEmpty() ? Py.str(kwargs.get("message")) : Py.str(args.get(0)));
            },
            "strftime_now", (Callable) (args, kwargs) -> strftime(Py.str(Methods.arg(args, 0, "strftime_now")),
                    LocalDateTime.now()));

    private Globals() {}

    private static Object range(List<Object> args, Map<String, Object> kwargs) {
        long start = 0;
        long stop;
        long step = 1;
        if (args.size() == 1) {
            stop = Py.toLong(args.get(0));
        } else if (args.size() == 2 || args.size() == 3) {
            start = Py.toLong(args.get(0));
            stop = Py.toLong(args.get(1));
            step = args.size() == 3 ? Py.toLong(args.get(2)) : 1;
        } else {
            throw new TemplateException("TypeError: range expected 1 to 3 arguments, got " + args.size());
        }
        if (step == 0) {
            throw new TemplateException("ValueError: range() arg 3 must not be zero");
        }
        List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            if (out.size() >= MAX_RANGE) {
                throw new TemplateException("OverflowError: Range too big. The sandbox blocks ranges larger than "
                        + MAX_RANGE + ".");
            }
            out.add(i);
        }
        return View.range(start, stop, step, out);
    }

    /** Python's datetime.strftime for the directives chat templates use (%d %b %Y %B %m %H %M %S ...). */
    static String strftime(String format, LocalDateTime t) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                out.append(c);
                continue;
            }
            char d = format.charAt(++i);
            switch (d) {
                case 'd': out.append(String.format("%02d", t.getDayOfMonth())); break;
                case 'm': out.append(String.format("%02d", t.getMonthValue())); break;
                case 'Y': out.append(String.format("%04d", t.getYear())); break;
                case 'y': out.append(String.format("%02d", t.getYear() % 100)); break;
                case 'H': out.append(String.format("%02d", t.getHour())); break;
                case 'I': out.append(String.format("%02d", (t.getHour() + 11) % 12 + 1)); break;
                case 'M': out.append(String.format("%02d", t.getMinute())); break;
                case 'S': out.append(String.format("%02d", t.getSecond())); break;
                case 'j': out.append(String.format("%03d", t.getDayOfYear())); break;
                case 'p': out.append(t.getHour() < 12 ? "AM" : "PM"); break;
                case 'b': out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH)); break;
                case 'B': out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)); break;
                case 'a': out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH)); break;
                case 'A': out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)); break;
                case '%': out.append('%'); break;
                default: throw new TemplateException("strftime_now: unsupported directive %" + d);
            }
        }
        return out.toString();
    }
}
