package io.iwpspark.lvlm.template;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
  * A checkpoint's chat template, parsed once and rendered the way transformers renders it: jinja2 in an
  * ImmutableSandboxedEnvironment with trim_blocks and lstrip_blocks, the loopcontrols extension, the
  * {@code {% generation %}} tag, the globals raise_exception, strftime_now, namespace and dict, and a tojson
  * that does not escape HTML (transformers 5.24 utils/chat_template_utils.py, _cached_compile_jinja_template).
  * Immutable and safe to share between threads.
  */
public final class ChatTemplate {
    private final String source;
    private final List<Node> body;

    private ChatTemplate(String source, List<Node> body) {
        this.source = source;
        this.body = body;
    }

    /** Parses {@code source}; syntax errors, unknown tags, filters and tests fail here with line and column. */
    public static ChatTemplate parse(String source) {
        Objects.requireNonNull(source, "chat template source");
        return new ChatTemplate(source, List.copyOf(Parser.parse(source)));
    }

    public String source() {
        return source;
    }

    /**
      * Renders with {@code context} as the template's variables. Values may be String, Number, Boolean, null,
      * List and Map (nested freely); they are copied, never changed.
      *
      * @throws RaisedException when the template calls raise_exception
      * @throws TemplateException when rendering fails as it would in jinja2 (e.g. str + undefined)
      */
    public String render(Map<String, ?> context) {
        Scope root = Scope.root(Globals.ALL, Objects.requireNonNull(context, "chat template context"));
        StringBuilder out = new StringBuilder();
        Node.renderAll(body, root, out);
        return out.toString();
    }
}
