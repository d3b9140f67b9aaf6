package dev.hookmesh.internal;

import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Initialised HMAC instances for one key, reused across calls and threads: HMAC-SHA256, or
 * another HMAC where a sender still uses one (Twilio's SHA-1).
 *
 * <p>{@code Mac.getInstance} plus {@code init} costs more than the MAC of a small body, so a
 * key keeps a few ready instances. A {@code ThreadLocal} would do the same for platform threads
 * but builds a fresh instance for every virtual thread; this pool is a handful of slots claimed
 * with a compare-and-set, and creates an extra instance by cloning when all are busy.
 */
public final class MacPool {

  private static final String SHA256 = "HmacSHA256";
  private static final int SLOTS = slotCount();

  private final SecretKeySpec key;
  private final Mac prototype;
  private final AtomicReferenceArray<@Nullable Mac> slots = new AtomicReferenceArray<>(SLOTS);

  /**
   * Creates a pool for one key.
   *
   * @param key the raw key bytes; copied by the JDK's key spec
   */
  public MacPool(byte[] key) {
    this(key, SHA256);
  }

  /**
   * Creates a pool for one key and an HMAC algorithm.
   *
   * @param key the raw key bytes; copied by the JDK's key spec
   * @param algorithm the JCA name, such as {@code HmacSHA1}
   */
  public MacPool(byte[] key, String algorithm) {
    this.key = new SecretKeySpec(key, algorithm);
    this.prototype = newMac();
  }

  /**
   * The HMAC over {@code prefix} followed by {@code body}, without concatenating them.
   *
   * @param prefix bytes signed before the body, possibly empty
   * @param body the body
   * @return the MAC, 32 bytes for HMAC-SHA256
   */
  public byte[] mac(byte[] prefix, byte[] body) {
    Mac mac = acquire();
    try {
      mac.update(prefix);
      mac.update(body);
      return mac.doFinal();
    } finally {
      release(mac);
    }
  }

  private Mac acquire() {
    int start = probe();
    for (int i = 0; i < SLOTS; i++) {
      int index = (start + i) & (SLOTS - 1);
      Mac mac = slots.get(index);
      if (mac != null && slots.compareAndSet(index, mac, null)) {
        return mac;
      }
    }
    return copyOfPrototype();
  }

  private void release(Mac mac) {
    int start = probe();
    for (int i = 0; i < SLOTS; i++) {
      int index = (start + i) & (SLOTS - 1);
      if (slots.get(index) == null && slots.compareAndSet(index, null, mac)) {
        return;
      }
    }
    // Every slot is full: let this one go.
  }

  @SuppressWarnings("deprecation") // Thread.getId(): threadId() is Java 19+; any spread will do.
  private static int probe() {
    long id = Thread.currentThread().getId();
    return (int) (id ^ (id >>> 16)) * 0x9E3779B9;
  }

  private Mac copyOfPrototype() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      return newMac();
    }
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(key.getAlgorithm());
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JVM offers no " + key.getAlgorithm(), e);
    }
  }

  private static int slotCount() {
    int wanted = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    return Integer.highestOneBit(wanted - 1) << 1;
  }

  @Override
  public String toString() {
    return "MacPool[HmacSHA256, redacted]";
  }
}
