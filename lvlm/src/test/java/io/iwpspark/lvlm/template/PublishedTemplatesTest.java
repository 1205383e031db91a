package io.iwpspark.lvlm.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
  * Published chat templates rendered with many conversations must equal, byte for byte, what transformers'
  * render_jinja_template produced (tools/render_chat_templates.py wrote expected.json); where jinja2 failed, we
  * must fail too, with the template's own message when it called raise_exception.
  */
class PublishedTemplatesTest {
    static final Path CORPUS = Path.of("src/test/resources/chat-templates");

    @SuppressWarnings("unchecked")
    static Map<String, Object> expected() throws IOException {
        return new ObjectMapper().readValue(CORPUS.resolve("expected.json").toFile(), Map.class);
    }

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> everyCaseMatchesTransformers() throws IOException {
        Map<String, Object> expected = expected();
        Map<String, Object> conversations = (Map<String, Object>) expected.get("conversations");
        Map<String, Object> extras = (Map<String, Object>) expected.get("extras");
        List<DynamicTest> tests = new ArrayList<>();
        for (Object o : (List<Object>) expected.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            String name = c.get("template") + " / " + c.get("conversation") + " / " + c.get("extra")
                    + " / add_generation_prompt=" + c.get("add_generation_prompt");
            tests.add(DynamicTest.dynamicTest(name, () -> check(c, conversations, extras, name)));
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> c, Map<String, Object> conversations, Map<String, Object> extras,
            String name) throws IOException {
        ChatTemplate template = ChatTemplate.parse(
                Files.readString(CORPUS.resolve((String) c.get("template")), StandardCharsets.UTF_8));
        Map<String, Object> context = ChatContext.of((List<?>) conversations.get(c.get("conversation")),
                (Boolean) c.get("add_generation_prompt"), (Map<String, ?>) c.get("special_tokens"),
                (Map<String, ?>) extras.get(c.get("extra")));
        if (c.containsKey("expected")) {
            assertEquals(c.get("expected"), template.render(context), name);
        } else if (c.containsKey("raise_exception")) {
            RaisedException e = assertThrows(RaisedException.class, () -> template.render(context), name);
            assertEquals(c.get("raise_exception"), e.templateMessage(), name);
        } else {
            try {
                String out = template.render(context);
                fail(name + ": jinja2 failed with " + c.get("error") + ": " + c.get("message") + " but we rendered "
                        + out);
            } catch (RaisedException e) {
                fail(name + ": expected " + c.get("error") + ", found raise_exception " + e.templateMessage());
            } catch (TemplateException e) {
                String kind = (String) c.get("error");
                assertTrue(e.getMessage().contains(kind.equals("UndefinedError") ? "UndefinedError" : kind),
                        name + ": expected " + kind + ": " + c.get("message") + ", found " + e.getMessage());
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void tinyCheckpointPromptEqualsTheProcessorsApplyChatTemplate() throws IOException {
        Path checkpoint = Path.of("../models/tiny-llava-shapes");
        CheckpointChat chat = CheckpointChat.load(checkpoint).orElseThrow();
        Map<String, String> tokens = chat.specialTokens();
        for (Object o : (List<Object>) expected().get("checkpoints")) {
            Map<String, Object> c = (Map<String, Object>) o;
            assertEquals(c.get("special_tokens_map"), tokens, "special_tokens_map of " + checkpoint);
            ChatContext.Media media = c.get("media").equals("image") ? ChatContext.Media.IMAGE : ChatContext.Media.VIDEO;
            assertEquals(c.get("prompt"), chat.userTurn(media, (String) c.get("question")),
                    "prompt for " + c.get("media"));
        }
    }
}
