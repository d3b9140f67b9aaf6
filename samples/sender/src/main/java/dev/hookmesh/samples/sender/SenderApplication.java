package dev.hookmesh.samples.sender;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A webhook provider: customers register endpoints over REST ({@link EndpointController}),
 * placing an order sends them an {@code order.created} webhook from the order's own transaction
 * ({@link OrderService}), and the attempt log is read over REST ({@link MessageController}).
 * The auto-configured {@link dev.hookmesh.WebhookClient} keeps its queue in the application's
 * database and finds endpoints through {@link CustomerEndpoints} after a restart.
 */
@SpringBootApplication
public class SenderApplication {

  public static void main(String[] args) {
    SpringApplication.run(SenderApplication.class, args);
  }
}
