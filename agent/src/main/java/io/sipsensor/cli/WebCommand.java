package io.sipsensor.cli;

import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.run.WebRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/**
 * {@code sipsensor web}: serve a spool's web interface and HTTP API without capturing.
 */
@Command(
    name = "web",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Serve the web interface and HTTP API of a spool without capturing (an offline spool, or next to a live " +
            "agent that runs with http_listen = 0), until SIGTERM or SIGINT. A live agent serves the same " +
            "interface itself on http_listen.",
        "Nothing is served until a user exists: sipsensor user add NAME --role admin --spool DIR."
    })
final class WebCommand implements Callable<Integer>
{
    @ParentCommand
    SipsensorCommand parent;

    @Mixin
    ContextOptions contextOptions = new ContextOptions();

    @Option(names = "--listen", paramLabel = "ADDRESS:PORT",
        description = "Where to listen (default: http_listen, 127.0.0.1:5030).")
    String listen;

    @Override
    public Integer call()
    {
        final SensorContext context = contextOptions.context(parent.err());
        if (listen != null)
        {
            context.set("http_listen", listen, "--listen");
        }
        return new WebRun(context, parent.err()).run(true);
    }
}
