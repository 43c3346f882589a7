package io.sipsensor.cli;

import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.run.CentralRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/**
 * {@code sipsensor central}: runs a central that receives and journals the legs of its sensors.
 */
@Command(
    name = "central",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Run a central until SIGTERM: sensors with 'server_destination' ship their journaled legs to it over " +
            "TLS 1.3 (port 60024 by default); it journals them in its own spool, each CDR keeping its sensor id, " +
            "and acknowledges only what its journal holds.",
        "Needs central_keystore (PKCS#12 key and certificate; its password in central_keystore_password) and " +
            "server_password (the secret shared with the sensors) in the config file.",
        "Exit status: 0 stopped on request, 1 failed, 2 bad configuration."
    })
final class CentralCommand implements Callable<Integer>
{
    @ParentCommand
    SipsensorCommand parent;

    @Mixin
    ContextOptions contextOptions = new ContextOptions();

    @Option(names = "--listen", paramLabel = "HOST:PORT",
        description = "Address and port to listen on (default: 'central_listen', 0.0.0.0:60024).")
    String listen;

    @Option(names = "--from-kafka",
        description = "Read the legs from Kafka instead of listening for sensors: kafka_bootstrap, kafka_topic and " +
            "kafka_group_id (and the kafka_ TLS/SASL settings) in the config file; offsets are committed only " +
            "after the central's journal holds the legs.")
    boolean fromKafka;

    @Override
    public Integer call()
    {
        final SensorContext context = contextOptions.context(parent.err());
        if (listen != null)
        {
            context.set("central_listen", listen, "--listen");
        }
        return new CentralRun(context, parent.err(), fromKafka).run(true);
    }
}
