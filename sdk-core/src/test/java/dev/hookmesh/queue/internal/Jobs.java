package dev.hookmesh.queue.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Test jobs for the engine's parts: a work whose admission and completion the test controls. */
final class Jobs {

  private Jobs() {}

  /** A job of a key, due and leased as given. */
  record Job(String key, String id, Instant due, @Nullable Instant leaseExpiry) {}

  /** What became of a job. */
  record Ending(Job job, String what, Instant due) {}

  /**
   * A work whose admissions come from a function and whose jobs finish when the test says so;
   * it records what it started and what was written.
   */
  static final class TestWork implements Work<Job, Ending> {

    volatile Function<Job, Admission<Ending>> admission = job -> new Admission.Open<>(1, 0);
    final Queue<Job> started = new ConcurrentLinkedQueue<>();
    final Map<String, Consumer<Ending>> running = new ConcurrentHashMap<>();
    final Queue<Ending> settled = new ConcurrentLinkedQueue<>();
    volatile boolean cancelled;

    @Override
    public String key(Job job) {
      return job.key();
    }

    @Override
    public @Nullable Instant leaseExpiry(Job job) {
      return job.leaseExpiry();
    }

    @Override
    public Instant due(Job job) {
      return job.due();
    }

    @Override
    public @Nullable Admission<Ending> prepare(Job job, Instant now) {
      return null;
    }

    @Override
    public Admission<Ending> admit(Job job, Instant now) {
      return admission.apply(job);
    }

    @Override
    public void start(Job job, Consumer<Ending> done) {
      started.add(job);
      running.put(job.id(), done);
    }

    /** Finishes a running job. */
    void finish(String id, String what) {
      Consumer<Ending> done = running.remove(id);
      if (done == null) {
        throw new AssertionError(id + " is not running");
      }
      Job job = started.stream().filter(j -> j.id().equals(id)).findFirst().orElseThrow();
      done.accept(new Ending(job, what, job.due()));
    }

    List<String> startedIds() {
      return started.stream().map(Job::id).toList();
    }

    @Override
    public Ending putBack(Job job, Instant due) {
      return new Ending(job, "put back", due);
    }

    @Override
    public void settled(Ending settlement, boolean held) {
      settled.add(settlement);
    }

    @Override
    public void cancelInProgress() {
      cancelled = true;
      running.keySet().forEach(id -> finish(id, "cancelled"));
    }
  }
}
