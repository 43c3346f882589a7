package io.sipsensor.cli;

import io.sipsensor.config.ConfigException;
import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.web.ApiTokens;
import io.sipsensor.web.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.concurrent.Callable;

/**
 * {@code sipsensor token ...}: API tokens for scripts, in {@code <spool>/api-tokens.json} (hashed).
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Manage API tokens for scripts (<spool>/api-tokens.json holds their SHA-256, never the token). " +
        "A script sends one as 'Authorization: Bearer sst_...' to /api/v1/...; a running web interface sees " +
        "changes at its next request.",
    subcommands = {TokenCommand.Create.class, TokenCommand.List.class, TokenCommand.Revoke.class})
final class TokenCommand
{
    @ParentCommand
    SipsensorCommand parent;

    static ApiTokens tokens(final SensorContext context)
    {
        if (!Files.isDirectory(context.spoolDirectory()))
        {
            throw new ConfigException("no spool at " + context.spoolDirectory() + " (give --spool DIR)");
        }
        return new ApiTokens(context.spoolDirectory());
    }

    /** {@code sipsensor token create NAME --role ROLE}. */
    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create a token and print it on stdout, once: it cannot be shown again (revoke and create " +
            "a new one if it is lost).")
    static final class Create implements Callable<Integer>
    {
        @ParentCommand
        TokenCommand token;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @Parameters(index = "0", paramLabel = "NAME", description = "What the token is for, e.g. grafana.")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "viewer",
            description = "admin (users, license) or viewer (default ${DEFAULT-VALUE}).")
        String role;

        @Override
        public Integer call() throws IOException
        {
            final Role parsed = Role.parse(role);
            if (parsed == null)
            {
                throw new ConfigException("--role must be admin or viewer, not '" + role + "'");
            }
            final ApiTokens tokens = tokens(contextOptions.context(token.parent.err()));
            final String secret = tokens.create(name, parsed);
            token.parent.out().println(secret);
            token.parent.out().flush();
            token.parent.err().println("sipsensor: token '" + name + "' (" + parsed.text() + ") created; it is " +
                "shown only this once");
            return 0;
        }
    }

    /** {@code sipsensor token list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the tokens: name, role, first characters, created.")
    static final class List implements Callable<Integer>
    {
        @ParentCommand
        TokenCommand token;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @Override
        public Integer call()
        {
            final PrintStream out = token.parent.out();
            for (final ApiTokens.Token entry : tokens(contextOptions.context(token.parent.err())).current().values())
            {
                out.println(entry.name() + "  " + entry.role().text() + "  " + entry.shown() + "...  " +
                    entry.created());
            }
            out.flush();
            return 0;
        }
    }

    /** {@code sipsensor token revoke NAME}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke a token: it stops working at the next request.")
    static final class Revoke implements Callable<Integer>
    {
        @ParentCommand
        TokenCommand token;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @Parameters(index = "0", paramLabel = "NAME", description = "The token's name.")
        String name;

        @Override
        public Integer call() throws IOException
        {
            tokens(contextOptions.context(token.parent.err())).revoke(name);
            token.parent.err().println("sipsensor: token '" + name + "' revoked");
            return 0;
        }
    }
}
