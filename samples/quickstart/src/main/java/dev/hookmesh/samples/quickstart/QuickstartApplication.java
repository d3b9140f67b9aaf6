package dev.hookmesh.samples.quickstart;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a receiver on a free local port, sends webhooks to it through the auto-configured
 * {@link dev.hookmesh.WebhookClient}, prints a summary and exits: 0 if every webhook was
 * handled exactly once and every forgery and duplicate was turned away, 1 otherwise.
 */
@SpringBootApplication
public class QuickstartApplication {

  /** How many webhooks are sent unless the first argument says otherwise. */
  static final int DEFAULT_EVENTS = 300;

  public static void main(String[] args) {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_EVENTS;
    ConfigurableApplicationContext context = SpringApplication.run(QuickstartApplication.class);
    QuickstartReport report = context.getBean(Quickstart.class).run(events);
    System.out.println(report.table());
    System.exit(SpringApplication.exit(context, () -> report.ok() ? 0 : 1));
  }
}
