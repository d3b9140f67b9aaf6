package dev.hookmesh.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.gruelbox.transactionoutbox.Dialect;
import com.gruelbox.transactionoutbox.ExecutorSubmitter;
import com.gruelbox.transactionoutbox.Instantiator;
import com.gruelbox.transactionoutbox.Persistor;
import com.gruelbox.transactionoutbox.Submitter;
import com.gruelbox.transactionoutbox.ThreadLocalContextTransactionManager;
import com.gruelbox.transactionoutbox.TransactionManager;
import com.gruelbox.transactionoutbox.TransactionOutbox;
import dev.hookmesh.WebhookMessage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * transaction-outbox in {@link OutboxComparison}: each message is a recorded call of
 * {@link WebhookDelivery#deliver} with the message id and the body, which the outbox makes on
 * one of its worker threads once the transaction that recorded it has committed, posting with
 * {@link SignedPost}. The settings, and where its documentation recommends each, are listed on
 * {@link OutboxComparison}.
 */
final class TransactionOutboxAnchor implements Contender {

  /**
   * Calls waiting for a worker before a submission waits too: the queue size of the library's
   * own {@code Submitter.withDefaultExecutor()}, and "10000+" as {@link ExecutorSubmitter}'s
   * Javadoc advises.
   */
  private static final int QUEUE_SIZE = 16_384;

  /**
   * When the writer's entries become due for a flush. A flush only takes entries whose next
   * attempt time has passed, and the library sets that to now plus the attempt frequency when it
   * stores one (it must be in the future), so a backlog written with the default of two minutes
   * could not be drained within a phase. With this the backlog is due a second after it was
   * written, as it would be after the deliverer had been down for longer than its attempt
   * frequency. (Shorter fails the library's check that the time is in the future whenever the
   * thread is held up between computing it and checking it, as on a loaded machine.)
   */
  private static final Duration BACKLOG_DUE = Duration.ofSeconds(1);

  private static final String BODY = new String(Senders.BODY, UTF_8);

  /** What the outbox records, and calls for real once the transaction has committed. */
  interface WebhookDelivery {

    /** Delivers one message. */
    void deliver(String messageId, String body);
  }

  /** The real call: the POST every contender makes. */
  static final class PostingDelivery implements WebhookDelivery {

    private final SignedPost post;

    PostingDelivery(SignedPost post) {
      this.post = post;
    }

    @Override
    public void deliver(String messageId, String body) {
      post.post(messageId, body.getBytes(UTF_8));
    }
  }

  private final String url;
  private final int concurrency;
  private final Duration flushPause;

  TransactionOutboxAnchor(String url, int concurrency, Duration flushPause) {
    this.url = url;
    this.concurrency = concurrency;
    this.flushPause = flushPause;
  }

  @Override
  public String name() {
    return "transaction-outbox";
  }

  @Override
  public String settings() {
    return "TransactionManager.fromDataSource, Persistor.forDialect(POSTGRESQL_9) with its own"
        + " migrations, ExecutorSubmitter on " + concurrency + " threads with a queue of "
        + QUEUE_SIZE + " that blocks when full, processing right after commit, a flush loop"
        + " pausing " + flushPause.toMillis() + " ms when nothing is left, defaults otherwise"
        + " (flushBatchSize 4096, attemptFrequency 2 min, blockAfterAttempts 5)";
  }

  /** The library creates its tables itself, when an instance is built. */
  @Override
  public void createSchema(DataSource database) {
    outbox(TransactionManager.fromDataSource(database), null)
        .submitter(NOTHING)
        .build();
  }

  /**
   * Each task holds a connection for its whole call: the outbox runs it inside the transaction
   * that locked its entry and deletes the entry in that same transaction. With fewer connections
   * than workers, the pool rather than the concurrency would set the pace, so the pool has one
   * for each worker, the sending thread and the flush.
   */
  @Override
  public int poolSize(int configured) {
    return Math.max(configured, concurrency + 2);
  }

  @Override
  public Duration backlogDueAfter() {
    return BACKLOG_DUE.plusMillis(100);
  }

  /** An instance whose submitter drops every call and that nothing flushes. */
  @Override
  public Outbox writer(DataSource pool) {
    ThreadLocalContextTransactionManager transactions = TransactionManager.fromDataSource(pool);
    TransactionOutbox outbox = outbox(transactions, null)
        .submitter(NOTHING)
        .attemptFrequency(BACKLOG_DUE)
        .build();
    return new Outbox() {
      @Override
      public void send() {
        schedule(transactions, outbox);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public Outbox deliverer(DataSource pool) {
    SignedPost post = new SignedPost(url, concurrency);
    ThreadPoolExecutor workers = new ThreadPoolExecutor(concurrency, concurrency, 0,
        TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_SIZE), threads("txno-worker-"),
        WAIT_FOR_ROOM);
    ThreadLocalContextTransactionManager transactions = TransactionManager.fromDataSource(pool);
    TransactionOutbox outbox = outbox(transactions, new PostingDelivery(post))
        .submitter(ExecutorSubmitter.builder().executor(workers).build())
        .build();
    Flusher flusher = new Flusher(outbox, flushPause);
    flusher.start();
    return new Outbox() {
      @Override
      public void send() {
        schedule(transactions, outbox);
      }

      @Override
      public void close() {
        try {
          flusher.stop();
          // Calls not started yet stay in the table for a later flush, as they would if the
          // application stopped; only those under way finish.
          workers.getQueue().clear();
          workers.shutdown();
          if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
            workers.shutdownNow();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          workers.shutdownNow();
        } finally {
          post.close();
        }
      }
    };
  }

  private static TransactionOutbox.TransactionOutboxBuilder outbox(TransactionManager transactions,
      @Nullable WebhookDelivery delivery) {
    return TransactionOutbox.builder()
        .transactionManager(transactions)
        .persistor(Persistor.forDialect(Dialect.POSTGRESQL_9))
        .instantiator(Instantiator.using(type -> {
          if (delivery == null) {
            throw new IllegalStateException("A writer delivers nothing");
          }
          return delivery;
        }));
  }

  /** Records one call in a transaction of its own: one INSERT, sent as a batch at commit. */
  private static void schedule(ThreadLocalContextTransactionManager transactions,
      TransactionOutbox outbox) {
    String id = WebhookMessage.newId();
    transactions.inTransaction(() -> outbox.schedule(WebhookDelivery.class).deliver(id, BODY));
  }

  @Override
  public long pending(DataSource database) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM txno_outbox")) {
      result.next();
      return result.getLong(1);
    }
  }

  /** A submitter that leaves every entry where it is, for a flush that never comes. */
  private static final Submitter NOTHING = (entry, localExecutor) -> {};

  /**
   * When the queue is full the submitting thread waits for room: the library's Javadoc allows
   * it, and the alternatives (throw, discard) leave the entry for a flush after the attempt
   * frequency, two minutes by default, which is longer than a phase.
   */
  private static final RejectedExecutionHandler WAIT_FOR_ROOM = (task, executor) -> {
    if (executor.isShutdown()) {
      throw new RejectedExecutionException("Workers shut down");
    }
    try {
      executor.getQueue().put(task);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RejectedExecutionException(e);
    }
  };

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * The background worker of the library's README: flush until there is nothing left to flush,
   * pause, again. It picks up what the submitter could not run, and in a drain it is what finds
   * the backlog.
   */
  private static final class Flusher {

    private final Thread thread;
    private volatile boolean stopping;

    Flusher(TransactionOutbox outbox, Duration pause) {
      thread = new Thread(() -> {
        while (!stopping) {
          try {
            while (!stopping && outbox.flush()) {
              // Keep flushing while a flush found work.
            }
          } catch (RuntimeException e) {
            if (!stopping) {
              System.err.println("transaction-outbox flush failed: " + e);
            }
          }
          if (!stopping) {
            LockSupport.parkNanos(pause.toNanos());
          }
        }
      }, "txno-flusher");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    /**
     * Interrupted rather than left to finish, since a flush that found a backlog would otherwise
     * wait for room in the queue for each call left in its batch; what it leaves unsubmitted
     * stays in the table.
     */
    void stop() throws InterruptedException {
      stopping = true;
      thread.interrupt();
      thread.join(TimeUnit.SECONDS.toMillis(10));
    }
  }
}
