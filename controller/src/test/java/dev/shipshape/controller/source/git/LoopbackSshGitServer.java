package dev.shipshape.controller.source.git;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;

/**
 * An ssh server on 127.0.0.1 (Apache MINA sshd) that serves one repository's git-upload-pack to
 * one public key: enough to fetch over ssh for real without any other host.
 */
final class LoopbackSshGitServer implements AutoCloseable {
    private final SshServer server;

    LoopbackSshGitServer(Path repoDir, KeyPair hostKey, PublicKey clientKey) {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, clientKey));
        server.setCommandFactory((channel, command) -> new UploadPackCommand(command, repoDir));
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    private static final class UploadPackCommand implements Command {
        private final String command;
        private final Path repoDir;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Thread thread;

        UploadPackCommand(String command, Path repoDir) {
            this.command = command;
            this.repoDir = repoDir;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            thread = new Thread(() -> {
                if (!command.startsWith("git-upload-pack")) {
                    exit.onExit(127, "only git-upload-pack is served");
                    return;
                }
                try (Repository repo = new FileRepositoryBuilder().findGitDir(repoDir.toFile()).build()) {
                    new UploadPack(repo).upload(in, out, err);
                    out.flush();
                    exit.onExit(0);
                } catch (IOException | RuntimeException e) {
                    exit.onExit(1, String.valueOf(e.getMessage()));
                }
            }, "test-ssh-upload-pack");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
            thread.interrupt();
        }
    }
}
