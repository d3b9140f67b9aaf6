/**
 * The queue engine that outgoing deliveries and incoming inbox events both stand on: claiming due
 * work under a lease, handing it to workers within per-key limits, writing outcomes in batches,
 * and shutting down without losing anything. Not API: anything here may change in any release.
 *
 * <p>One job per part: {@link dev.hookmesh.queue.internal.QueueEngine} ties them together;
 * {@link dev.hookmesh.queue.internal.Poller} decides when to claim;
 * {@link dev.hookmesh.queue.internal.Lane} holds one key's slots and waiting jobs;
 * {@link dev.hookmesh.queue.internal.TokenBucket} paces a key;
 * {@link dev.hookmesh.queue.internal.Settler} writes outcomes, several per transaction when
 * several finish together. What a job is, what working on it means and how its outcome is stored
 * come from a {@link dev.hookmesh.queue.internal.Work} and a
 * {@link dev.hookmesh.queue.internal.JobQueue}.
 */
@NullMarked
package dev.hookmesh.queue.internal;

import org.jspecify.annotations.NullMarked;
