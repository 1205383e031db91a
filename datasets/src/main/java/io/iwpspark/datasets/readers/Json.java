package io.iwpspark.datasets.readers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Field access on a parsed JSON record, failing with the field's name. */
final class Json {
    private Json() {
    }

    static String text(JsonNode n, String field) throws BadRecordException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new BadRecordException("field " + field + ": expected a value but it is missing");
        }
        if (v.isContainerNode()) {
            throw new BadRecordException("field " + field + ": expected a string or number but found " + v.getNodeType());
        }
        return v.asText();
    }

    static String optText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? "" : v.asText();
    }

    static List<String> strings(JsonNode n, String field) throws BadRecordException {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw new BadRecordException("field " + field + ": expected a list but found "
                    + (v == null ? "nothing" : v.getNodeType()));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            out.add(e.asText());
        }
        return out;
    }
}
