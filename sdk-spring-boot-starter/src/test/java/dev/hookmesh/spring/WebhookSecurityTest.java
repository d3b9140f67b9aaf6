package dev.hookmesh.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.spring.test.SignedWebhookRequests;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/** The request matcher and the opt-in CSRF exemption, in a secured application. */
class WebhookSecurityTest {

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          JacksonAutoConfiguration.class, HookmeshReceiverAutoConfiguration.class))
      .withPropertyValues(HookmeshReceiverAutoConfigurationTest.BILLING + "secrets[0]="
          + HookmeshReceiverAutoConfigurationTest.SECRET);

  private final SignedWebhookRequests billing = SignedWebhookRequests.of(
      "/webhooks/billing", "standard-webhooks", HookmeshReceiverAutoConfigurationTest.SECRET);

  @Configuration(proxyBeanMethods = false)
  @EnableWebMvc
  @EnableWebSecurity
  static class PermitWebhooks {
    // The docs' two lines: open the webhook paths, keep everything else authenticated.
    @Bean
    SecurityFilterChain security(HttpSecurity http) {
      http.authorizeHttpRequests(requests -> requests
          .requestMatchers(HookmeshRequest.toWebhookEndpoints()).permitAll()
          .anyRequest().authenticated());
      return http.build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableWebMvc
  @EnableWebSecurity
  static class AuthenticateEverything {
    @Bean
    SecurityFilterChain security(HttpSecurity http) {
      http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
      return http.build();
    }
  }

  private static MockMvcTester mvc(WebApplicationContext context) {
    return MockMvcTester.create(MockMvcBuilders.webAppContextSetup(context)
        .apply(org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers
            .springSecurity())
        .build());
  }

  @Test
  void webhookIsReceivedWhenPermittedAndExemptFromCsrf() {
    web.withUserConfiguration(PermitWebhooks.class)
        .withPropertyValues("hookmesh.receiver.security.csrf-exempt=true")
        .run(context -> assertThat(mvc(context).perform(billing.post("{\"type\":\"a\"}")))
            .hasStatus(204));
  }

  @Test
  void webhookIsRefusedByCsrfUnlessOptedIn() {
    web.withUserConfiguration(PermitWebhooks.class)
        .run(context -> assertThat(mvc(context).perform(billing.post("{\"type\":\"a\"}")))
            .hasStatus(403));
  }

  @Test
  void otherPathsStayProtected() {
    web.withUserConfiguration(PermitWebhooks.class)
        .withPropertyValues("hookmesh.receiver.security.csrf-exempt=true")
        .run(context -> assertThat(mvc(context).perform(MockMvcRequestBuilders.post("/other")))
            .hasStatus4xxClientError());
  }

  @Test
  void csrfExemptionDoesNotPermitAnything() {
    web.withUserConfiguration(AuthenticateEverything.class)
        .withPropertyValues("hookmesh.receiver.security.csrf-exempt=true")
        .run(context -> assertThat(mvc(context).perform(billing.post("{\"type\":\"a\"}")))
            .hasStatus(403));
  }
}
