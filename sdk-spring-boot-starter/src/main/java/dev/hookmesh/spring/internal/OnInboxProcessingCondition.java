package dev.hookmesh.spring.internal;

import dev.hookmesh.spring.HookmeshReceiverProperties;
import dev.hookmesh.spring.HookmeshReceiverProperties.Processing;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when some enabled receiving endpoint processes through the inbox, by its own
 * {@code processing} or by {@code hookmesh.receiver.processing}: only then is an inbox built.
 */
public final class OnInboxProcessingCondition extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context,
      AnnotatedTypeMetadata metadata) {
    HookmeshReceiverProperties properties = Binder.get(context.getEnvironment())
        .bind("hookmesh.receiver", HookmeshReceiverProperties.class).orElse(null);
    if (properties == null) {
      return ConditionOutcome.noMatch("no hookmesh.receiver endpoints");
    }
    for (var entry : properties.endpoints().entrySet()) {
      HookmeshReceiverProperties.Endpoint endpoint = entry.getValue();
      Processing processing = endpoint.processing() != null ? endpoint.processing()
          : properties.processing();
      if (endpoint.enabled() && processing == Processing.INBOX) {
        return ConditionOutcome.match("the endpoint '" + entry.getKey() + "' uses the inbox");
      }
    }
    return ConditionOutcome.noMatch("no enabled endpoint uses the inbox");
  }
}
