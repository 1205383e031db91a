package io.iwpspark.lvlm.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
  * One small template per construct (whitespace control, loops, scoping, operators, filters, tests, errors),
  * rendered by transformers' own chat-template environment (tools/render_template_constructs.py wrote
  * constructs.json). Output must be byte-equal; a jinja2 failure must be ours too, in the same phase (parse or
  * render) and of the same kind.
  */
class ConstructsTest {
    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> everyConstructMatchesJinja2() throws IOException {
        Map<String, Object> data = new ObjectMapper().readValue(
                PublishedTemplatesTest.CORPUS.resolve("constructs.json").toFile(), Map.class);
        Map<String, Object> context = (Map<String, Object>) data.get("context");
        List<DynamicTest> tests = new ArrayList<>();
        for (Object o : (List<Object>) data.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            tests.add(DynamicTest.dynamicTest((String) c.get("name"), () -> check(c, context)));
        }
        return tests.stream();
    }

    private static void check(Map<String, Object> c, Map<String, Object> context) {
        String name = (String) c.get("name");
        String source = (String) c.get("template");
        if (c.containsKey("expected")) {
            assertEquals(c.get("expected"), ChatTemplate.parse(source).render(context), name);
            return;
        }
        String jinja = c.get("error") + ": " + c.get("message");
        if (c.get("phase").equals("parse")) {
            assertThrows(TemplateException.class, () -> ChatTemplate.parse(source), name + " should not parse: " + jinja);
            return;
        }
        ChatTemplate template = ChatTemplate.parse(source);
        if (c.containsKey("raise_exception")) {
            RaisedException e = assertThrows(RaisedException.class, () -> template.render(context), name);
            assertEquals(c.get("raise_exception"), e.templateMessage(), name);
            return;
        }
        try {
            fail(name + ": jinja2 failed with " + jinja + " but we rendered " + template.render(context));
        } catch (TemplateException e) {
            String kind = (String) c.get("error");
            String expectedKind = kind.equals("TemplateRuntimeError") ? "unknown" : kind;
            assertTrue(e.getMessage().contains(expectedKind) || kind.equals("TemplateRuntimeError"),
                    name + ": expected " + jinja + ", found " + e.getMessage());
        }
    }
}
