package io.sipsensor.cli;

import picocli.CommandLine;

/**
 * Version from the jar manifest, or "development" when run from classes.
 */
final class VersionProvider implements CommandLine.IVersionProvider
{
    @Override
    public String[] getVersion()
    {
        final String version = Main.class.getPackage().getImplementationVersion();
        return new String[]{"sipsensor " + (version != null ? version : "development") + " (Java " +
            Runtime.version() + ")"};
    }
}
