package dev.hookmesh.samples.receiver;

import dev.hookmesh.spring.WebhookHeader;
import dev.hookmesh.spring.WebhookListener;
import org.springframework.stereotype.Component;

/** Handles GitHub's push events; the event type comes from the X-GitHub-Event header. */
@Component
class GitHubListeners {

  record Push(String ref, String after) {}

  private final ReceivedEvents received;

  GitHubListeners(ReceivedEvents received) {
    this.received = received;
  }

  @WebhookListener(endpoint = "github", events = "push")
  void onPush(Push push, @WebhookHeader("X-GitHub-Delivery") String delivery) {
    received.add("push " + push.ref() + " " + delivery);
  }
}
