package io.iwpspark.datasets.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the "scene" metadata ("large red circle@(120,40); ...") back for the tests. */
record SceneText(String size, String color, String kind, int x, int y) {
    private static final Pattern ONE = Pattern.compile("(small|large) (\\w+) (\\w+)@\\((-?\\d+),(-?\\d+)\\)");

    static List<SceneText> parse(String scene) {
        List<SceneText> out = new ArrayList<>();
        Matcher m = ONE.matcher(scene);
        while (m.find()) {
            out.add(new SceneText(m.group(1), m.group(2), m.group(3), Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5))));
        }
        return out;
    }

    String name() {
        return color + " " + kind;
    }

    int rgb() {
        return ShapeColor.valueOf(color.toUpperCase(java.util.Locale.ROOT)).rgb;
    }
}
