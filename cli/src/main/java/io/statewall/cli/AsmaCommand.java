package io.statewall.cli;

import static io.statewall.cli.Cli.command;
import static io.statewall.cli.Cli.flag;
import static io.statewall.cli.Cli.option;

import io.statewall.asma.Asma;
import io.statewall.asma.AsmaConfig;
import io.statewall.asma.auth.Passwords;
import io.statewall.link.LinkServerConfig;
import io.statewall.link.pki.LinkPki;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code statewall asma}: the management server. Builds an {@link AsmaConfig} (the embedded
 * defaults, or {@code --config FILE}) and runs {@link Asma} until SIGINT/SIGTERM. On the first
 * start it prints the admin API token, once. Helpers that print and exit: {@code --hash-password}
 * and {@code --new-token} make the configuration's secrets, {@code --enrol NMA} an NMA's
 * one-time enrolment token.
 */
final class AsmaCommand implements Callable<Integer> {
    private static final String[] DESCRIPTION = {
        "Runs the ASMA, the management server that joins many NMAs.",
        "Stores what the NMAs send over the link (mutual TLS, port 7443), serves the",
        "REST API on https://127.0.0.1:8443",
        "(described at /api/v1/openapi.yaml) and /metrics, and forwards alerts to",
        "syslog, files and webhooks. Data in ./statewall-data unless --config says",
        "otherwise. The first start prints an admin API token, once. Stops on",
        "SIGINT/SIGTERM. Exit 2 for a bad configuration."};

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;

    private final OptionSpec configFile = option("--config", "FILE", Path.class,
            "the configuration (YAML; every key in docs/asma.md); without it, the embedded defaults");

    private final OptionSpec hashPassword = flag("--hash-password",
            "read a password from standard input and print its hash for a user of the configuration, then exit");

    private final OptionSpec newToken = flag("--new-token",
            "print a new API token and the SHA-256 to put in the configuration's tokens, then exit");

    private final OptionSpec enrol = option("--enrol", "NMA", String.class,
            "print a one-time token (valid 24 h) with which the NMA of this name enrols on the link, then exit;"
                    + " the server may be running");

    AsmaCommand(PrintStream out, PrintStream err, InputStream in) {
        this.out = out;
        this.err = err;
        this.in = in;
    }

    CommandSpec spec() {
        return command(this, "asma", DESCRIPTION, configFile, hashPassword, newToken, enrol);
    }

    @Override
    public Integer call() throws Exception {
        if ((boolean) hashPassword.getValue()) {
            return hashPassword();
        }
        if ((boolean) newToken.getValue()) {
            String token = Passwords.newToken();
            out.println("token:  " + token);
            out.println("sha256: " + Passwords.tokenHash(token));
            return Statewall.OK;
        }
        Path file = configFile.getValue();
        AsmaConfig config = file == null ? AsmaConfig.DEFAULT : load(file);
        String nma = enrol.getValue();
        if (nma != null) {
            return enrol(config, nma);
        }
        Asma asma;
        try {
            asma = Asma.start(config, err);
        } catch (Asma.StartException e) {
            throw new UserError(e.getMessage());
        }
        err.println("statewall asma: store " + asma.store().file() + (asma.store().created() ? " (new)" : ""));
        err.println("statewall asma: API on " + (asma.tlsFingerprint() == null ? "http" : "https") + "://"
                + text(asma.apiAddress()) + "/api/v1"
                + (asma.tlsFingerprint() == null ? "" : " (certificate SHA-256 " + asma.tlsFingerprint() + ")"));
        err.println("statewall asma: console on " + (asma.tlsFingerprint() == null ? "http" : "https") + "://"
                + text(asma.apiAddress()) + "/ (sign in as a user, or with an API token)");
        if (asma.linkAddress() != null) {
            err.println("statewall asma: NMA link on " + text(asma.linkAddress()));
        }
        if (asma.initialAdminToken() != null) {
            err.println("statewall asma: first start: admin API token (shown once, only its hash is kept):");
            out.println(asma.initialAdminToken());
            out.flush();
        }
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable shutdown = () -> {
            if (!stopped.getAndSet(true)) {
                asma.close();
                err.println("statewall asma: stopped");
            }
        };
        // SIGTERM runs the hooks and then halts: the hook itself closes the store cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "statewall-asma-stop"));
        asma.awaitStop();
        shutdown.run();
        return Statewall.OK;
    }

    private static AsmaConfig load(Path file) {
        try {
            return AsmaConfig.load(file);
        } catch (AsmaConfig.ConfigException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Issues an enrolment token from the data directory's link CA (made now if this is the first use). */
    private int enrol(AsmaConfig config, String nma) {
        if (config.linkListen() == null) {
            throw new UserError("the NMA link is off in the configuration (link: off): nothing to enrol with");
        }
        try {
            LinkPki pki = LinkPki.open(config.dataDir(), LinkServerConfig.defaultServerNames(config.linkListen()),
                    line -> err.println("statewall asma: link: " + line));
            out.println(pki.tokens().issue(nma, Duration.ofHours(24)));
            err.println("statewall asma: enrolment token for '" + nma + "', valid 24 h: statewall nma ... --enrol-token TOKEN");
            return Statewall.OK;
        } catch (IllegalArgumentException e) {
            throw new UserError("--enrol '" + nma + "': " + e.getMessage());
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new UserError(config.dataDir() + ": cannot issue a token (" + e.getMessage() + ")");
        }
    }

    private int hashPassword() throws IOException {
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.length() < 12) {
            throw new UserError("give a password of at least 12 characters on standard input");
        }
        out.println(Passwords.hash(line.toCharArray()));
        return Statewall.OK;
    }

    private static String text(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
