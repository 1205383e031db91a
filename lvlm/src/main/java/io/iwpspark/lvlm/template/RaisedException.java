package io.iwpspark.lvlm.template;

/**
  * The template itself called {@code raise_exception(message)}, the global transformers gives chat templates
  * (transformers/utils/chat_template_utils.py raises jinja2's TemplateError with the same message).
  */
public final class RaisedException extends TemplateException {
    private final String templateMessage;

    RaisedException(String templateMessage) {
        super("chat template raised: " + templateMessage);
        this.templateMessage = templateMessage;
    }

    /** The message exactly as the template passed it. */
    public String templateMessage() {
        return templateMessage;
    }

    @Override
    TemplateException at(int line, int column) {
        return this;
    }
}
