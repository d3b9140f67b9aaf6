package dev.hookmesh.spring.process;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spring Boot application of the test's class path in a JVM of its own, which a test can kill
 * with SIGKILL, as an out-of-memory killer or a pulled plug would.
 */
final class Child implements AutoCloseable {

  /** SIGKILL as {@link Process#exitValue()} reports it on Linux: 128 + 9. */
  static final int KILLED = 137;

  private final Process process;
  private final Path log;

  private Child(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code main} with {@code args}, its output going to {@code log}. */
  static Child start(Class<?> main, String[] args, Path log) {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Surefire may run tests from a manifest-only jar; its real class path is in this property.
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-cp", classPath, main.getName()));
    command.addAll(List.of(args));
    try {
      return new Child(new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A port free on 127.0.0.1 now, for a child that must keep its address across restarts. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the child accepts connections on a port, and fails if it died first. */
  Child awaitListening(int port) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> !process.isAlive() || accepts(port));
    if (!process.isAlive()) {
      throw new AssertionError("The child exited with " + process.exitValue() + ":\n" + output());
    }
    return this;
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the child with SIGKILL and returns its exit status once it is gone. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("The child outlived SIGKILL");
    }
    return process.exitValue();
  }

  /** What the child printed, for a failed assertion's description. */
  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "no output: " + e;
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
