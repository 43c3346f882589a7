package io.sipsensor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;

/**
 * Entry point of {@code ./sipsensor-vendor}, the vendor's side of licensing, kept apart from the sensor's commands:
 * key pairs, licenses and temporary-increase tokens. Exit status: 0 done, 1 failed, 2 bad command line or input.
 * Errors are one line starting with {@code sipsensor-vendor:}.
 */
public final class VendorMain
{
    private VendorMain()
    {
    }

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        Console.main(args, (arguments, out) -> run(arguments, out, System.err));
    }

    /**
     * Runs a vendor command in this JVM (tests use this).
     *
     * @param args command line.
     * @param out  standard output.
     * @param err  standard error.
     * @return exit status.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final CommandLine commandLine = new CommandLine(new Vendor(out, err));
        Console.configure(commandLine, "sipsensor-vendor", out, err);
        return commandLine.execute(args);
    }

    /**
     * {@code sipsensor-vendor}.
     */
    @Command(
        name = "sipsensor-vendor",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        subcommands = {VendorCommands.Keygen.class, VendorCommands.Issue.class, VendorCommands.TempIncrease.class,
            VendorCommands.ClockResetCommand.class, VendorServe.class,
            CommandLine.HelpCommand.class},
        description = {
            "The vendor's licensing tool: make an Ed25519 key pair, sign licenses bound to a sensor's hardware id " +
                "or GUI domain, and sign 14-day temporary increases. Sensors verify them with the public key set " +
                "in their license_public_key setting."
        },
        footer = {
            "",
            "Examples:",
            "  sipsensor-vendor keygen --out keys/",
            "  sipsensor-vendor issue --key keys/vendor-private.pem --id L-1001 --customer ACME --channels 200 \\",
            "      --issued 2030-01-01 --ends 2030-12-31 --auto-renewal --hwid 3f9c... --out L-1001.json",
            "  sipsensor-vendor temp-increase --key keys/vendor-private.pem --id T-1 --license-id L-1001 \\",
            "      --channels 50 --out T-1.json",
            "  sipsensor-vendor serve --key keys/vendor-private.pem --licenses issued/ --state portal-state/ \\",
            "      --listen 0.0.0.0:5040"
        })
    static final class Vendor implements Runnable
    {
        final PrintStream out;
        final PrintStream err;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Vendor(final PrintStream out, final PrintStream err)
        {
            this.out = out;
            this.err = err;
        }

        @Override
        public void run()
        {
            spec.commandLine().usage(err);
        }
    }
}
