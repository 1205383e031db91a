package io.iwpspark.jobs.cli;

import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.ParamSpec;
import io.iwpspark.pruning.PrunerDescription;
import io.iwpspark.pruning.PrunerFactory;
import io.iwpspark.pruning.PrunerParams;
import io.iwpspark.pruning.PrunerRegistry;
import java.io.PrintStream;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code iwp methods [--markdown]}: every pruner the registry finds, with where it prunes, what it needs from
 * the model, its parameters and its official code. {@code --markdown} prints docs/METHODS.md, which is
 * generated this way and checked against the registry by a test. Needs no configuration and no Spark.
 */
final class MethodsCommand {
    static final String REGENERATE = "bin/iwp methods --markdown > docs/METHODS.md";

    private MethodsCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean markdown = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--markdown")) {
                markdown = true;
            } else {
                err.println("iwp methods: unexpected argument \"" + args[i] + "\"; expected nothing or --markdown");
                return 2;
            }
        }
        PrunerRegistry registry = PrunerRegistry.load();
        out.print(markdown ? markdown(registry) : text(registry));
        return 0;
    }

    /** The needs of the pruner built with default parameters, in {@link Need} order. */
    static String needs(PrunerFactory f) {
        Set<Need> needs = f.create(PrunerParams.empty(f.name())).needs();
        return needs.isEmpty() ? "nothing (token count, grid and seed only)"
                : new TreeSet<>(needs).stream().map(Need::name).collect(Collectors.joining(", "));
    }

    static String text(PrunerRegistry registry) {
        StringBuilder b = new StringBuilder();
        registry.factories().forEach((name, f) -> {
            PrunerDescription d = f.describe();
            b.append(name).append(" - ").append(d.label()).append('\n');
            b.append("  prunes:   ").append(d.where()).append('\n');
            b.append("  needs:    ").append(needs(f)).append('\n');
            b.append("  official: ").append(d.repository()).append('\n');
            b.append("  rule:     ").append(d.rule()).append('\n');
            for (ParamSpec p : d.parameters()) {
                b.append(String.format("  %-16s %-6s default %-8s allowed %s%n      %s%n", p.name(),
                        p.type().name().toLowerCase(), p.defaultValue(), p.allowed(), p.meaning()));
            }
            if (d.parameters().isEmpty()) {
                b.append("  (no parameters)\n");
            }
            b.append('\n');
        });
        b.append("Sweep a parameter with methods: [{name: <method>, <parameter>: [values]}] (conf/README.md).\n");
        return b.toString();
    }

    static String markdown(PrunerRegistry registry) {
        StringBuilder b = new StringBuilder();
        b.append("# Pruning methods\n\n");
        b.append("Generated from the pruner registry (every `PrunerFactory` in META-INF/services) by `")
                .append(REGENERATE).append("`;\n");
        b.append("`MethodsCommandTest` fails when this file and the registry disagree. Needs are those of the\n");
        b.append("method with default parameters (`pruning-core/.../Need.java` defines them); a budget B is the number\n");
        b.append("of visual tokens kept (for multi-stage methods, the average over the decoder layers).\n\n");
        b.append("| method | what it is | prunes | needs | official code |\n|---|---|---|---|---|\n");
        registry.factories().forEach((name, f) -> {
            PrunerDescription d = f.describe();
            b.append("| `").append(name).append("` | ").append(cell(d.label())).append(" | ").append(cell(d.where()))
                    .append(" | ").append(needs(f)).append(" | ").append(cell(d.repository())).append(" |\n");
        });
        registry.factories().forEach((name, f) -> {
            PrunerDescription d = f.describe();
            b.append("\n## `").append(name).append("`: ").append(d.label()).append("\n\n");
            b.append(d.rule()).append("\n\n");
            b.append("Prunes ").append(d.where()).append(". Needs: ").append(needs(f)).append(". Official code: ")
                    .append(d.repository()).append(".\n");
            if (d.parameters().isEmpty()) {
                b.append("\nNo parameters.\n");
                return;
            }
            b.append("\n| parameter | type | default | allowed | meaning |\n|---|---|---|---|---|\n");
            for (ParamSpec p : d.parameters()) {
                b.append("| `").append(p.name()).append("` | ").append(p.type().name().toLowerCase()).append(" | `")
                        .append(p.defaultValue()).append("` | ").append(cell(p.allowed())).append(" | ")
                        .append(cell(p.meaning())).append(" |\n");
            }
        });
        return b.toString();
    }

    /** Text safe inside a Markdown table cell. */
    private static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
