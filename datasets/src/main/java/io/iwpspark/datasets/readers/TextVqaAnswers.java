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
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;

/**
 * TextVQA's {@code TextVQA_0.5.1_val.json}: {"data": [{question_id, image_id, question, answers (10)}, ...]}.
 * As llava/eval/eval_textvqa.py (haotian-liu/LLaVA c121f04) matches them: a line of
 * {@code llava_textvqa_val_v051_ocr.jsonl} (whose "question_id" is the image id) finds the entry
 * with that image_id and the same lower-cased question, the question being read back from the
 * line's text by the script's prompt_processor rules; m4c_evaluator.py requires ten answers.
 * The sample id is TextVQA's own question_id.
 */
final class TextVqaAnswers implements AnswerFile {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHORT_ANSWER_FORM = Pattern.compile("Question: (.*?) Short answer:", Pattern.DOTALL);
    private final String fileName;

    TextVqaAnswers(String fileName) {
        this.fileName = fileName;
    }

    @Override
    public String fileName() {
        return fileName;
    }

    @Override
    public String key(JsonNode line) throws BadRecordException {
        return key(Json.text(line, "question_id"), question(Json.text(line, "text")));
    }

    private static String key(String imageId, String question) {
        return imageId + "\u0000" + question.toLowerCase(Locale.ROOT);
    }

    @Override
    public String shown(String key) {
        int cut = key.indexOf('\u0000');
        return "image_id \"" + key.substring(0, cut) + "\" with question \"" + key.substring(cut + 1) + "\"";
    }

    /** The question inside a LLaVA TextVQA prompt, by eval_textvqa.py's prompt_processor rules. */
    static String question(String prompt) throws BadRecordException {
        String[] lines = prompt.split("\n", -1);
        if (prompt.startsWith("OCR tokens: ")) {
            Matcher m = SHORT_ANSWER_FORM.matcher(prompt);
            if (!m.find()) {
                throw new BadRecordException("field text: expected \"Question: ... Short answer:\" after \"OCR tokens: \" but found none");
            }
            return m.group(1);
        }
        if (prompt.contains("Reference OCR token: ") && lines.length == 3) {
            return prompt.startsWith("Reference OCR token:") ? lines[1] : lines[0];
        }
        if (lines.length == 2) {
            return lines[0];
        }
        throw new BadRecordException("field text: expected the question, an optional \"Reference OCR token: \" line and "
                + "the answer instruction (2 or 3 lines) but found " + lines.length + " line(s)");
    }

    @Override
    public List<Row> entries(Path file) throws IOException {
        Map<String, Row> byKey = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(file + ": expected a JSON object with a \"data\" list but found " + p.currentToken());
            }
            boolean data = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (p.nextToken() != JsonToken.START_ARRAY || !field.equals("data")) {
                    p.skipChildren();
                    continue;
                }
                data = true;
                for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                    JsonNode e = JSON.readTree(p);
                    Row r = entry(i, e);
                    if (r != null) {
                        byKey.put(r.getString(0), r);
                    }
                }
            }
            if (!data) {
                throw new IOException(file + ": expected a \"data\" list of questions but found none");
            }
        }
        return new ArrayList<>(byKey.values());
    }

    /** The entry's row; null when it has no image_id or question, so that no line can find it. */
    private Row entry(int index, JsonNode e) {
        if (!e.isObject() || !e.hasNonNull("image_id") || !e.hasNonNull("question")) {
            return null;
        }
        String key = key(e.get("image_id").asText(), e.get("question").asText());
        String name = fileName + " data[" + index + "]";
        try {
            List<String> answers = Json.strings(e, "answers");
            if (answers.size() != 10) {
                throw new BadRecordException("field answers: expected 10 answers (m4c_evaluator) but found " + answers.size());
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("image_id", e.get("image_id").asText());
            return AnswerFile.entry(key, Json.text(e, "question_id"), answers, "", meta);
        } catch (BadRecordException ex) {
            return AnswerFile.problem(key, name, ex.getMessage());
        }
    }
}
