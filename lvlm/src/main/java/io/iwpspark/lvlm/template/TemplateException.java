package io.iwpspark.lvlm.template;

/**
  * A chat template that cannot be parsed or rendered. The message names the line and column in the template
  * source where that is known ("unknown filter 'xyz' at line 3, column 12"); a template never renders silently
  * wrong text instead of failing.
  */
public class TemplateException extends RuntimeException {
    private final int line;

    public TemplateException(String message) {
        this(message, 0, 0);
    }

    public TemplateException(String message, int line, int column) {
        super(line > 0 ? message + " at line " + line + ", column " + column : message);
        this.line = line;
    }

    /** Whether the message already says where in the template the problem is. */
    boolean located() {
        return line > 0;
    }

    /** This error placed at a template position, unless it already has one. */
    TemplateException at(int line, int column) {
        if (located() || line <= 0) {
            return this;
        }
        TemplateException placed = new TemplateException(getMessage(), line, column);
        placed.initCause(this);
        return placed;
    }
}
