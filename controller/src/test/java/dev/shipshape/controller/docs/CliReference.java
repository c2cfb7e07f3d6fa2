package dev.shipshape.controller.docs;

import dev.shipshape.controller.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders the reference of the command line as Markdown, from picocli's model of {@code new Main()}: every command
 * and nested subcommand (depth first, in declaration order), its description, synopsis, positional parameters and
 * options. docs/cli.md holds a hand-written intro, {@link #MARKER}, then exactly this output.
 * <p>
 * Run {@link #main} (or {@code CliReferenceTest} with {@code -Dshipshape.docs.update=true}) to rewrite docs/cli.md.
 */
public final class CliReference {
    /** The line that ends docs/cli.md's hand-written intro; everything after it is generated. */
    public static final String MARKER = "<!-- Generated from the picocli model by CliReference: edit the code, not the text below. -->";

    private CliReference() {
    }

    /** The generated part of docs/cli.md. */
    public static String render() {
        StringBuilder md = new StringBuilder();
        command(new CommandLine(new Main()), md, new IdentityHashMap<>());
        return md.toString();
    }

    /** docs/cli.md as it should be: its current intro (up to and including the marker), then {@link #render()}. */
    public static String expected(String current) {
        int at = current.indexOf(MARKER);
        String intro = at < 0 ? current.stripTrailing() + "\n\n" + MARKER : current.substring(0, at + MARKER.length());
        return intro + "\n\n" + render();
    }

    /** Rewrites docs/cli.md; the argument is its path (default ../docs/cli.md, from the controller module). */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "../docs/cli.md");
        String current = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# The command line\n";
        Files.writeString(file, expected(current), StandardCharsets.UTF_8);
        System.out.println("wrote " + file.toAbsolutePath().normalize());
    }

    private static void command(CommandLine cli, StringBuilder md, Map<CommandLine, Boolean> seen) {
        if (seen.put(cli, Boolean.TRUE) != null) {
            return;
        }
        CommandSpec spec = cli.getCommandSpec();
        if (spec.usageMessage().hidden()) {
            return;
        }
        md.append("### `").append(spec.qualifiedName()).append("`\n\n");
        for (String line : texts(spec.usageMessage().header())) {
            md.append(line).append("\n\n");
        }
        for (String line : texts(spec.usageMessage().description())) {
            md.append(line).append("\n\n");
        }
        md.append("```\n").append(synopsis(cli)).append("\n```\n\n");

        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            md.append("| parameter | description |\n| --- | --- |\n");
            for (PositionalParamSpec p : positionals) {
                md.append("| `").append(cell(p.paramLabel())).append("` | ").append(cell(description(p))).append(" |\n");
            }
            md.append('\n');
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            md.append("| option | description |\n| --- | --- |\n");
            for (OptionSpec o : options) {
                String names = Arrays.stream(o.names()).map(n -> "`" + n + "`").collect(Collectors.joining(", "));
                String param = o.typeInfo().isBoolean() && o.arity().max() == 0 ? "" : " `" + cell(o.paramLabel()) + "`";
                md.append("| ").append(names).append(param).append(" | ").append(cell(description(o))).append(" |\n");
            }
            md.append('\n');
        }
        List<CommandLine> subcommands = distinct(cli.getSubcommands().values());
        if (!subcommands.isEmpty()) {
            md.append("| command | description |\n| --- | --- |\n");
            for (CommandLine sub : subcommands) {
                if (sub.getCommandSpec().usageMessage().hidden()) {
                    continue;
                }
                String[] description = texts(sub.getCommandSpec().usageMessage().description());
                md.append("| `").append(sub.getCommandSpec().qualifiedName()).append("` | ")
                        .append(cell(description.length == 0 ? "" : description[0])).append(" |\n");
            }
            md.append('\n');
        }
        for (String line : texts(spec.usageMessage().footer())) {
            md.append(line).append("\n\n");
        }
        for (CommandLine sub : subcommands) {
            command(sub, md, seen);
        }
    }

    private static List<CommandLine> distinct(Iterable<CommandLine> all) {
        Map<CommandLine, Boolean> seen = new IdentityHashMap<>();
        List<CommandLine> out = new ArrayList<>();
        for (CommandLine c : all) {
            if (seen.put(c, Boolean.TRUE) == null) {
                out.add(c);
            }
        }
        return out;
    }

    /** The synopsis as picocli prints it in the usage help, at its default width of 80 columns. */
    private static String synopsis(CommandLine cli) {
        CommandLine.Help help = new CommandLine.Help(cli.getCommandSpec(), CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        return (help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength())).stripTrailing();
    }

    private static String description(ArgSpec arg) {
        StringBuilder text = new StringBuilder(String.join(" ", texts(arg.description())));
        if (arg.required() && arg.group() == null) { // in a group, the synopsis says what is required
            text.append(" (required)");
        }
        String defaultValue = arg.defaultValue();
        if (defaultValue != null && !text.toString().toLowerCase(java.util.Locale.ROOT).contains("default")) {
            text.append(" (default: `").append(defaultValue).append("`)");
        }
        if (arg.completionCandidates() != null && arg.type().isEnum()) {
            List<String> values = new ArrayList<>();
            arg.completionCandidates().forEach(values::add);
            text.append(" (one of: ").append(String.join(", ", values)).append(")");
        }
        return text.toString().strip();
    }

    /** picocli's description lines as they print: %n a line break, %% a percent sign; blank lines dropped. */
    private static String[] texts(String[] lines) {
        return Arrays.stream(lines == null ? new String[0] : lines)
                .flatMap(l -> Arrays.stream(l.replace("%%", "\u0000").split("%n")))
                .map(l -> l.replace("\u0000", "%").strip())
                .filter(l -> !l.isEmpty())
                .toArray(String[]::new);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
