package io.statewall.cli;

import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.PolicyException;
import io.statewall.engine.policy.PolicyLoader;
import io.statewall.nma.inline.InlineProxy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ExecutionException;

/**
 * Reloads the policy when its file changes: the directory is watched (editors replace files
 * rather than write them in place), the new file is loaded and, only if valid, put in force by
 * the proxy between two messages. An invalid file is reported in one line and the policy in
 * force stays: a typo must never open or close the plant.
 */
final class PolicyWatcher implements AutoCloseable {
    private final Path file;
    private final PrintStream err;
    private final InlineProxy proxy;
    private final WatchService watch;
    private final Thread thread;
    private FileTime lastModified;
    /** The text of the policy in force, as read from the file. */
    private String lastText;

    PolicyWatcher(Path file, PrintStream err, InlineProxy proxy) throws IOException {
        this.file = file.toAbsolutePath();
        this.err = err;
        this.proxy = proxy;
        this.watch = FileSystems.getDefault().newWatchService();
        this.file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        this.lastModified = modified();
        try {
            this.lastText = Files.readString(this.file);
        } catch (IOException e) {
            this.lastText = null;
        }
        this.thread = Thread.ofPlatform().name("statewall-policy-watch").daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watch.take();
                boolean ours = key.pollEvents().stream()
                        .anyMatch(e -> e.context() instanceof Path p && file.getFileName().equals(p));
                key.reset();
                FileTime now = modified();
                if (ours && now != null && !now.equals(lastModified)) {
                    lastModified = now;
                    reload();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopping
        }
    }

    private void reload() throws InterruptedException {
        Policy next;
        try {
            // One save can show up as several events (truncate, then write): only a change of
            // content is a new policy.
            String text = Files.readString(file);
            if (text.equals(lastText)) {
                return;
            }
            next = PolicyLoader.parse(text, file.toString());
            lastText = text;
        } catch (PolicyException e) {
            err.println("statewall nma: " + file + " changed but is not a valid policy (" + e.problems().size()
                    + " problem(s), first: " + e.problems().getFirst() + "); the policy in force stays");
            return;
        } catch (IOException e) {
            err.println("statewall nma: " + file + " changed but cannot be read (" + e.getMessage() + "); the policy in force stays");
            return;
        }
        try {
            proxy.reload(next).get();
            err.println("statewall nma: policy '" + next.name() + "' reloaded from " + file + " (generation "
                    + proxy.policyGeneration() + "), state " + proxy.state());
        } catch (ExecutionException e) {
            err.println("statewall nma: " + file + " changed but cannot be put in force (" + e.getCause().getMessage()
                    + "); the policy in force stays");
        }
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        thread.interrupt();
    }
}
