package dev.hookmesh.samples.sender;

import dev.hookmesh.Endpoint;
import dev.hookmesh.EndpointResolver;
import dev.hookmesh.signature.HmacSecret;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The endpoints customers registered, in the {@code customer_endpoint} table, with their
 * secrets encrypted by {@link SecretCipher}. Also the client's {@link EndpointResolver}:
 * deliveries still pending after a restart find their endpoint's URL and secret here, so
 * nothing is kept in memory only.
 */
@Repository
public class CustomerEndpoints implements EndpointResolver {

  /** A newly registered endpoint, with the secret the customer verifies signatures with. */
  public record Registration(String id, String url, String secret) {}

  /** A registered endpoint as shown after registration: never with its secret. */
  public record CustomerEndpoint(String id, String url, Instant createdAt) {}

  private final JdbcTemplate jdbc;
  private final SecretCipher cipher;

  CustomerEndpoints(JdbcTemplate jdbc, SecretCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
  }

  /**
   * Registers an endpoint with a new secret.
   *
   * @param url where the customer receives webhooks
   * @return the endpoint with its secret, to show once
   * @throws IllegalArgumentException if the URL is not an absolute http or https URL
   */
  public Registration register(String url) {
    String id = "ep_" + UUID.randomUUID().toString().replace("-", "");
    String secret = HmacSecret.generate().encode();
    // Built before it is stored: a bad URL is refused now, not at the first delivery.
    Endpoint endpoint = Endpoint.builder(url).id(id).key(secret).build();
    jdbc.update("INSERT INTO customer_endpoint (id, url, secret, created_at) VALUES (?, ?, ?, ?)",
        endpoint.id(), url, cipher.encrypt(id, secret), Timestamp.from(Instant.now()));
    return new Registration(id, url, secret);
  }

  /**
   * A registered endpoint, without its secret.
   *
   * @param id the endpoint's id
   * @return the endpoint, or empty if none has that id
   */
  public Optional<CustomerEndpoint> describe(String id) {
    return jdbc.query("SELECT id, url, created_at FROM customer_endpoint WHERE id = ?",
        (row, n) -> new CustomerEndpoint(row.getString("id"), row.getString("url"),
            row.getTimestamp("created_at").toInstant()), id).stream().findFirst();
  }

  @Override
  public Optional<Endpoint> find(String endpointId) {
    return jdbc.query("SELECT url, secret FROM customer_endpoint WHERE id = ?",
        (row, n) -> Endpoint.builder(row.getString("url")).id(endpointId)
            .key(cipher.decrypt(endpointId, row.getString("secret"))).build(), endpointId)
        .stream().findFirst();
  }
}
