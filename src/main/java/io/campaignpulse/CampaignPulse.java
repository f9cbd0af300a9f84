package io.campaignpulse;

import io.campaignpulse.cli.BenchCommand;
import io.campaignpulse.cli.DemoCommand;
import io.campaignpulse.cli.RunCommand;
import io.campaignpulse.cli.SimulateCommand;
import io.campaignpulse.config.SettingsException;
import io.campaignpulse.runtime.StartupException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line entry point: wires the commands together, nothing else. */
@Command(name = "campaign-pulse", mixinStandardHelpOptions = true, version = "campaign-pulse 0.1.0",
        description = "Real-time performance-marketing KPIs on Kafka Streams.",
        subcommands = {RunCommand.class, DemoCommand.class, SimulateCommand.class, BenchCommand.class})
public final class CampaignPulse {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; a bad setting is one line and exit 2. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, with picocli's output and error streams given. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new CampaignPulse());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (!(e instanceof SettingsException) && !(e instanceof StartupException)) {
                throw e;
            }
            cmd.getErr().println("campaign-pulse: " + e.getMessage());
            cmd.getErr().flush();
            return e instanceof SettingsException ? 2 : 1;
        });
        return cli.execute(args);
    }
}
