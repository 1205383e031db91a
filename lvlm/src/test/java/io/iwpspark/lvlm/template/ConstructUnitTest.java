package io.iwpspark.lvlm.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Constructs with expectations worked out by hand from jinja2's documented rules. */
class ConstructUnitTest {
    private static String render(String source, Map<String, ?> context) {
        return ChatTemplate.parse(source).render(context);
    }

    @Test
    void trimBlocksDropsOneNewlineAndLstripBlocksTheIndentOfABlockLine() {
        assertEquals("  1\n  2\n", render("{% for x in [1, 2] %}\n  {{ x }}\n  {% endfor %}\n", Map.of()));
        assertEquals("a\n\nb", render("a\n{% if true %}\n\n{% endif %}b", Map.of()));
    }

    @Test
    void dashStripsAllWhitespaceAndPlusKeepsIt() {
        assertEquals("ab", render("a \n\t {{- 'b' }}", Map.of()));
        assertEquals("a  x", render("a  {%+ if true %}x{% endif %}", Map.of()));
        assertEquals("ab", render("a {#- note -#}\n b", Map.of()));
    }

    @Test
    void loopVariablesCountOnlyItemsThatPassTheLoopFilter() {
        String t = "{% for n in ns if n is odd %}{{ loop.index }}/{{ loop.length }}={{ n }}"
                + "{% if not loop.last %},{% endif %}{% endfor %}";
        assertEquals("1/3=1,2/3=3,3/3=5", render(t, Map.of("ns", List.of(1, 2, 3, 4, 5))));
    }

    @Test
    void namespaceCarriesValuesOutOfLoopsButPlainSetDoesNot() {
        String t = "{% set ns = namespace(last='') %}{% set plain = '' %}{% for m in ms %}"
                + "{% set ns.last = m %}{% set plain = m %}{% endfor %}[{{ ns.last }}][{{ plain }}]";
        assertEquals("[b][]", render(t, Map.of("ms", List.of("a", "b"))));
    }

    @Test
    void pythonValuesPrintAsPythonDoes() {
        Map<String, Object> context = Map.of("x", Arrays.asList(1, 2.0, "it's", null, true, Map.of("k", "v")));
        assertEquals("[1, 2.0, \"it's\", None, True, {'k': 'v'}]", render("{{ x }}", context));
        assertEquals("0.1 1e+16 1e-05 -0.0 123.0", render("{{ 0.1 }} {{ 1e16 }} {{ 0.00001 }} {{ -0.0 }} {{ 123.0 }}",
                Map.of()));
    }

    @Test
    void messagesSliceAndSystemExtraction() {
        String t = "{% if messages[0]['role'] == 'system' %}{% set sys = messages[0]['content'] %}"
                + "{% set messages = messages[1:] %}{% endif %}<{{ sys }}>{% for m in messages %}{{ m.role.upper() }}:"
                + "{{ m['content'] | trim }};{% endfor %}";
        Map<String, Object> context = Map.of("messages", List.of(Map.of("role", "system", "content", "S"),
                Map.of("role", "user", "content", " hi ")));
        assertEquals("<S>USER:hi;", render(t, context));
    }

    @Test
    void selectattrWithEqualtoKeepsMatchingParts() {
        String t = "{% for p in content | selectattr('type', 'equalto', 'image') %}<image>{% endfor %}"
                + "{{ content | selectattr('type', 'equalto', 'text') | map(attribute='text') | join(' ') }}";
        Map<String, Object> context = Map.of("content", List.of(Map.of("type", "text", "text", "What?"),
                Map.of("type", "image"), Map.of("type", "image")));
        assertEquals("<image><image>What?", render(t, context));
    }

    @Test
    void tojsonKeepsUnicodeAndUsesPythonSeparators() {
        Map<String, Object> x = new java.util.LinkedHashMap<>();
        x.put("a", "é<>&");
        x.put("b", Arrays.asList(1, 2.5, null));
        assertEquals("{\"a\": \"é<>&\", \"b\": [1, 2.5, null]}", render("{{ x | tojson }}", Map.of("x", x)));
    }

    @Test
    void strftimeFormatsLikePython() {
        LocalDateTime t = LocalDateTime.of(2024, 7, 26, 9, 5, 3);
        assertEquals("26 Jul 2024 July 09:05:03 Fri %", Globals.strftime("%d %b %Y %B %H:%M:%S %a %%", t));
    }

    @Test
    void oneParsedTemplateRendersConcurrently() throws Exception {
        ChatTemplate t = ChatTemplate.parse("{% for m in messages %}{{ m.role | upper }}: {{ m.content }}\n{% endfor %}");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String text = "question " + i;
                results.add(pool.submit(() -> t.render(Map.of("messages", List.of(Map.of("role", "user", "content", text))))));
            }
            for (int i = 0; i < 64; i++) {
                assertEquals("USER: question " + i + "\n", results.get(i).get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void integerOverflowIsAnErrorNotAWrongNumber() {
        TemplateException e = org.junit.jupiter.api.Assertions.assertThrows(TemplateException.class,
                () -> render("{{ 2 ** 70 }}", Map.of()));
        assertEquals("OverflowError: 2 ** 70 does not fit in 64 bits (Python's int is unbounded; this engine's is not) "
                + "at line 1, column 1", e.getMessage());
    }

    @Test
    void parsedTemplateIsReusableAndRendersTheSameTwice() {
        ChatTemplate t = ChatTemplate.parse("{% set n = namespace(c=0) %}{% for x in xs %}{% set n.c = n.c + x %}"
                + "{% endfor %}{{ n.c }}");
        Map<String, Object> context = Map.of("xs", List.of(1, 2, 3));
        assertEquals("6", t.render(context));
        assertEquals("6", t.render(context));
    }
}
