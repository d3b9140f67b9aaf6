package dev.hookmesh.samples.receiver;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** What the listeners handled, newest last: a stand-in for the application's real work. */
@Component
public class ReceivedEvents {

  private final List<String> events = new CopyOnWriteArrayList<>();

  void add(String event) {
    events.add(event);
  }

  public List<String> all() {
    return List.copyOf(events);
  }
}
