/**
  * Chat templates rendered exactly as transformers renders them, without Python: a small Jinja engine for the
  * subset chat templates use ({@link io.iwpspark.lvlm.template.ChatTemplate}), the checkpoint files it is read
  * from ({@link io.iwpspark.lvlm.template.ChatTemplates}, {@link io.iwpspark.lvlm.template.SpecialTokens}) and
  * the variables transformers passes ({@link io.iwpspark.lvlm.template.ChatContext}).
  *
  * <p>Reference: transformers 5.24 utils/chat_template_utils.py (environment, globals, tojson) on jinja2 3.1.6
  * (lexer, parser, filters, tests, sandbox). The test corpus in src/test/resources/chat-templates holds published
  * templates and one template per construct with jinja2's own output (tools/render_chat_templates.py,
  * tools/render_template_constructs.py).
  *
  * <p>Not supported (a clear error, never silent output): macros and call blocks, include/import/extends,
  * filter blocks, recursive loops, *args/**kwargs in calls, str.format and the % string operator.
  */
package io.iwpspark.lvlm.template;
