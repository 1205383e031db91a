package io.iwpspark.datasets.readers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * GQA's {@code testdev_balanced_questions.json}: one JSON object keyed by question id, each entry
 * with "answer", "imageId", "fullAnswer" and "types" {"structural", ...}. A line of LLaVA's
 * {@code llava_gqa_testdev_balanced.jsonl} finds its entry by its "question_id", as
 * scripts/convert_gqa_for_eval.py (haotian-liu/LLaVA c121f04) writes it as "questionId" for GQA's
 * eval.py, which looks each question of the file up by that id. The category is the entry's
 * structural type, as the lmms-lab GQA reader gives it.
 */
final class GqaAnswers implements AnswerFile {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String fileName;

    GqaAnswers(String fileName) {
        this.fileName = fileName;
    }

    @Override
    public String fileName() {
        return fileName;
    }

    @Override
    public String key(JsonNode line) throws BadRecordException {
        return Json.text(line, "question_id");
    }

    @Override
    public String shown(String key) {
        return "question id \"" + key + "\"";
    }

    @Override
    public List<Row> entries(Path file) throws IOException {
        Map<String, Row> byId = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(file + ": expected a JSON object keyed by question id but found " + p.currentToken());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String id = p.currentName();
                p.nextToken();
                byId.put(id, entry(id, JSON.readTree(p)));
            }
        }
        return new ArrayList<>(byId.values());
    }

    private Row entry(String id, JsonNode e) {
        String name = fileName + " entry \"" + id + "\"";
        try {
            if (!e.isObject()) {
                throw new BadRecordException("expected a JSON object but found " + e.getNodeType());
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("image_id", Json.optText(e, "imageId"));
            meta.put("full_answer", Json.optText(e, "fullAnswer"));
            JsonNode types = e.get("types");
            String category = types != null && types.isObject() ? Json.optText(types, "structural") : "";
            return AnswerFile.entry(id, id, List.of(Json.text(e, "answer")), category, meta);
        } catch (BadRecordException ex) {
            return AnswerFile.problem(id, name, ex.getMessage());
        }
    }
}
