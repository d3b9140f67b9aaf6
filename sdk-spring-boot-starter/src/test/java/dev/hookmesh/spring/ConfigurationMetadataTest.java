package dev.hookmesh.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.signature.SignatureScheme;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The IDE metadata in the starter's classes: what the configuration processor generated merged
 * with additional-spring-configuration-metadata.json. Every property the records bind, those in
 * each endpoint included, and every property the auto-configurations read must be described.
 */
class ConfigurationMetadataTest {

  private static final String METADATA = "META-INF/spring-configuration-metadata.json";
  private static final List<Class<?>> PROPERTIES = List.of(HookmeshReceiverProperties.class,
      HookmeshSenderProperties.class, HookmeshJdbcProperties.class,
      HookmeshPlatformProperties.class, HookmeshManagementProperties.class,
      HookmeshPortalProperties.class);

  private static Map<String, JsonNode> properties;
  private static Map<String, JsonNode> hints;

  @BeforeAll
  static void readTheStartersMetadata() throws IOException {
    List<JsonNode> ours = new ArrayList<>();
    for (URL url : Collections.list(
        ConfigurationMetadataTest.class.getClassLoader().getResources(METADATA))) {
      try (InputStream in = url.openStream()) {
        JsonNode metadata = new JsonMapper().readTree(in);
        if (metadata.path("groups").valueStream()
            .anyMatch(group -> group.path("name").asString().equals("hookmesh.receiver"))) {
          ours.add(metadata);
        }
      }
    }
    assertThat(ours).as("the starter's %s (a stale one after an incremental build? "
        + "the processor merges the additional metadata only when it compiles)", METADATA)
        .hasSize(1);
    properties = byName(ours.get(0).path("properties"));
    hints = byName(ours.get(0).path("hints"));
  }

  private static Map<String, JsonNode> byName(JsonNode items) {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    items.valueStream().forEach(item -> byName.put(item.path("name").asString(), item));
    return byName;
  }

  @Test
  void everyEndpointSettingIsDescribedUnderAWildcardName() {
    Map<String, RecordComponent> bound = boundProperties();

    assertThat(bound.keySet().stream().filter(name -> name.startsWith(
        "hookmesh.receiver.endpoints.*."))).containsExactlyInAnyOrder(
        "hookmesh.receiver.endpoints.*.path", "hookmesh.receiver.endpoints.*.scheme",
        "hookmesh.receiver.endpoints.*.secrets", "hookmesh.receiver.endpoints.*.tolerance",
        "hookmesh.receiver.endpoints.*.max-body-size", "hookmesh.receiver.endpoints.*.enabled",
        "hookmesh.receiver.endpoints.*.event-type",
        "hookmesh.receiver.endpoints.*.replay-window",
        "hookmesh.receiver.endpoints.*.processing", "hookmesh.receiver.endpoints.*.ordering-key",
        "hookmesh.receiver.endpoints.*.allowed-ips", "hookmesh.receiver.endpoints.*.rate-limit",
        "hookmesh.receiver.endpoints.*.retry.policy", "hookmesh.receiver.endpoints.*.retry.initial",
        "hookmesh.receiver.endpoints.*.retry.multiplier",
        "hookmesh.receiver.endpoints.*.retry.max-delay",
        "hookmesh.receiver.endpoints.*.retry.max-attempts",
        "hookmesh.receiver.endpoints.*.retry.max-elapsed",
        "hookmesh.receiver.endpoints.*.retry.client-errors",
        "hookmesh.receiver.endpoints.*.public-url");
    assertThat(properties.get("hookmesh.receiver.endpoints.*.scheme").path("sourceType")
        .asString()).isEqualTo(HookmeshReceiverProperties.Endpoint.class.getName());
  }

  @Test
  void everyPropertyTheRecordsBindIsDescribedWithItsTypeAndDefault() {
    boundProperties().forEach((name, component) -> {
      assertThat(properties).as("metadata for %s", name).containsKey(name);
      JsonNode property = properties.get(name);
      String description = property.path("description").asString();
      assertThat(description).as("description of %s", name).isNotBlank()
          // IDEs show the text as it is: Javadoc tags would appear raw.
          .doesNotContain("{@");
      assertThat(property.path("type").asString()).as("type of %s", name)
          .isEqualTo(metadataType(component));
      String expectedDefault = defaultValue(component);
      if (expectedDefault == null) {
        assertThat(property.has("defaultValue")).as("default of %s", name).isFalse();
      } else {
        assertThat(property.path("defaultValue").asString()).as("default of %s", name)
            .isEqualTo(expectedDefault);
      }
    });
  }

  @Test
  void everyPropertyTheAutoConfigurationsReadIsDescribed() {
    Set<String> read = new LinkedHashSet<>();
    for (String name : ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())) {
      if (name.startsWith("dev.hookmesh.")) {
        collectConditionProperties(load(name), read);
      }
    }

    assertThat(read).contains("hookmesh.receiver.replay-guard", "hookmesh.sender.store");
    assertThat(properties.keySet()).containsAll(read);
    read.forEach(name -> assertThat(properties.get(name).path("description").asString())
        .as("description of %s", name).isNotBlank());
  }

  @Test
  void schemeHintsNameEveryBuiltInScheme() {
    List<String> values = hintValues("hookmesh.receiver.endpoints.*.scheme");

    // Each hint parses as a scheme name, and together they cover every built-in scheme.
    Set<String> schemes = new LinkedHashSet<>();
    values.forEach(value -> schemes.add(SignatureScheme.named(value).name()));
    assertThat(schemes).containsExactlyInAnyOrder(Stream.of(SignatureScheme.standardWebhooks(),
        SignatureScheme.github(), SignatureScheme.stripe(), SignatureScheme.slack(),
        SignatureScheme.shopify(), SignatureScheme.paddle(), SignatureScheme.gitlab(),
        SignatureScheme.discord(), SignatureScheme.coinbaseCommerce(), SignatureScheme.twilio(),
        SignatureScheme.square())
        .map(SignatureScheme::name).toArray(String[]::new));
    assertThat(values).contains(properties.get("hookmesh.receiver.endpoints.*.scheme")
        .path("defaultValue").asString());
  }

  @Test
  void replayGuardHintsItsTwoValues() {
    assertThat(hintValues("hookmesh.receiver.replay-guard")).containsExactly("auto", "memory");
  }

  @Test
  void everyEnumPropertyHintsEachConstantWithADescription() {
    boundProperties().forEach((name, component) -> {
      if (component.getType().isEnum()) {
        List<String> constants = Arrays.stream(component.getType().getEnumConstants())
            .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT)
                .replace('_', '-'))
            .toList();
        assertThat(hintValues(name)).as("hints of %s", name)
            .containsExactlyInAnyOrderElementsOf(constants);
      }
    });
  }

  /** The hint's values, each of which must be described. */
  private static List<String> hintValues(String name) {
    assertThat(hints).as("hints for %s", name).containsKey(name);
    List<String> values = new ArrayList<>();
    hints.get(name).path("values").valueStream().forEach(value -> {
      assertThat(value.path("description").asString()).as("description of %s = %s", name,
          value.path("value").asString()).isNotBlank();
      values.add(value.path("value").asString());
    });
    return values;
  }

  /**
   * Every leaf property the records bind, by its name in metadata: nested records are
   * followed, and the values of a map of records are named with {@code *} for the key.
   */
  private static Map<String, RecordComponent> boundProperties() {
    Map<String, RecordComponent> leaves = new LinkedHashMap<>();
    for (Class<?> type : PROPERTIES) {
      collect(type.getAnnotation(ConfigurationProperties.class).value(), type, leaves);
    }
    return leaves;
  }

  private static void collect(String prefix, Class<?> record, Map<String, RecordComponent> leaves) {
    for (RecordComponent component : record.getRecordComponents()) {
      String name = prefix + "." + kebab(component.getName());
      Class<?> type = component.getType();
      if (type.isRecord()) {
        collect(name, type, leaves);
      } else if (Map.class.isAssignableFrom(type)
          && component.getGenericType() instanceof ParameterizedType map
          && map.getActualTypeArguments()[1] instanceof Class<?> value && value.isRecord()) {
        collect(name + ".*", value, leaves);
      } else {
        leaves.put(name, component);
      }
    }
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** The type as the configuration processor writes it: boxed, generic, without spaces. */
  private static String metadataType(RecordComponent component) {
    Class<?> type = component.getType();
    if (type.isPrimitive()) {
      return java.lang.invoke.MethodType.methodType(type).wrap().returnType().getName();
    }
    return component.getGenericType().getTypeName().replace(" ", "");
  }

  /** The component's {@code @DefaultValue}, or null when it has none or an empty one. */
  private static String defaultValue(RecordComponent component) {
    Class<?> record = component.getAccessor().getDeclaringClass();
    Class<?>[] types = Arrays.stream(record.getRecordComponents())
        .map(RecordComponent::getType).toArray(Class<?>[]::new);
    Constructor<?> canonical;
    try {
      canonical = record.getDeclaredConstructor(types);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
    List<String> names = Arrays.stream(record.getRecordComponents())
        .map(RecordComponent::getName).toList();
    Parameter parameter = canonical.getParameters()[names.indexOf(component.getName())];
    DefaultValue annotation = parameter.getAnnotation(DefaultValue.class);
    return annotation == null || annotation.value().length != 1 ? null : annotation.value()[0];
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+)");

  /** The properties named by the conditions on a class and its nested classes. */
  private static void collectConditionProperties(Class<?> type, Set<String> names) {
    addConditionProperties(type, names);
    for (Class<?> nested : type.getDeclaredClasses()) {
      collectConditionProperties(nested, names);
      for (var method : nested.getDeclaredMethods()) {
        addConditionProperties(method, names);
      }
    }
    for (var method : type.getDeclaredMethods()) {
      addConditionProperties(method, names);
    }
  }

  private static void addConditionProperties(AnnotatedElement element, Set<String> names) {
    ConditionalOnProperty property = element.getAnnotation(ConditionalOnProperty.class);
    if (property != null) {
      for (String name : property.name().length > 0 ? property.name() : property.value()) {
        names.add(property.prefix().isEmpty() ? name : property.prefix() + "." + name);
      }
    }
    ConditionalOnBooleanProperty bool = element.getAnnotation(ConditionalOnBooleanProperty.class);
    if (bool != null) {
      for (String name : bool.name().length > 0 ? bool.name() : bool.value()) {
        names.add(bool.prefix().isEmpty() ? name : bool.prefix() + "." + name);
      }
    }
    ConditionalOnExpression expression = element.getAnnotation(ConditionalOnExpression.class);
    if (expression != null) {
      Matcher placeholder = PLACEHOLDER.matcher(expression.value());
      while (placeholder.find()) {
        names.add(placeholder.group(1));
      }
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ConfigurationMetadataTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
