package io.iwpspark.lvlm.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Error messages say what went wrong and where (line and column counted by hand from the sources). */
class TemplateErrorsTest {
    private static String parseError(String source) {
        return assertThrows(TemplateException.class, () -> ChatTemplate.parse(source)).getMessage();
    }

    private static String renderError(String source, Map<String, ?> context) {
        ChatTemplate t = ChatTemplate.parse(source);
        return assertThrows(TemplateException.class, () -> t.render(context)).getMessage();
    }

    @Test
    void unknownFilterIsReportedAtParseWithItsPosition() {
        assertEquals("unknown filter 'xyz' at line 2, column 8", parseError("line one\n{{ s | xyz }}"));
    }

    @Test
    void unknownTestAndTagAreReportedAtParse() {
        assertEquals("unknown test 'frob' at line 1, column 25", parseError("{% for x in l %}{{ x is frob }}{% endfor %}"));
        assertEquals("unknown tag 'frob' at line 1, column 4", parseError("{% frob %}"));
    }

    @Test
    void unknownFilterInsideIfFailsWhenReached() {
        ChatTemplate t = ChatTemplate.parse("{% if x %}\n{{ x | nope }}{% endif %}ok");
        assertEquals("ok", t.render(Map.of("x", false)));
        String message = assertThrows(TemplateException.class, () -> t.render(Map.of("x", true))).getMessage();
        assertEquals("unknown filter 'nope' at line 2, column 8", message);
    }

    @Test
    void unclosedBlocksAndTagsAreSyntaxErrors() {
        assertTrue(parseError("{% for x in l %}{{ x }}").startsWith("unexpected end of template, expected one of"));
        assertEquals("unexpected end of template, expected '}}' at line 1, column 1", parseError("{{ s "));
        assertEquals("missing end of comment tag at line 1, column 1", parseError("{# open"));
        assertEquals("'break' outside of a loop at line 1, column 4", parseError("{% break %}"));
        assertEquals("unexpected '}', expected ')' at line 1, column 7", parseError("{{ (1 }}"));
    }

    @Test
    void renderErrorsNameTheOutputTheyHappenIn() {
        assertEquals("TypeError: can only concatenate str (not \"int\") to str at line 2, column 1",
                renderError("{{ 'a' }}\n{{ 'a' + 1 }}", Map.of()));
        assertEquals("UndefinedError: 'dict object' has no attribute 'missing' at line 1, column 1",
                renderError("{{ d.missing.deeper }}", Map.of("d", Map.of("k", 1))));
        assertEquals("UndefinedError: 'x' is undefined at line 1, column 1", renderError("{{ x + 1 }}", Map.of()));
        assertTrue(renderError("{{ l.append(1) }}", Map.of("l", java.util.List.of()))
                .startsWith("SecurityError: access to attribute 'append' of 'list' object is unsafe."));
    }

    @Test
    void raiseExceptionCarriesTheTemplatesMessage() {
        ChatTemplate t = ChatTemplate.parse("{% for m in messages %}{% if m.role == 'tool' %}"
                + "{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}");
        RaisedException e = assertThrows(RaisedException.class,
                () -> t.render(Map.of("messages", java.util.List.of(Map.of("role", "tool")))));
        assertEquals("Only user and assistant roles are supported!", e.templateMessage());
        assertEquals("chat template raised: Only user and assistant roles are supported!", e.getMessage());
    }

    @Test
    void contextValuesOfUnknownTypesAreRefused() {
        ChatTemplate t = ChatTemplate.parse("{{ x }}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.render(Map.of("x", new Object())));
        assertTrue(e.getMessage().startsWith("chat template context: unsupported value type java.lang.Object"));
    }
}
