package dev.hookmesh.spring.management;

import dev.hookmesh.spring.ManagementAccess;
import java.security.Principal;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A provider's application with the platform, the management API and the portal on, secured
 * as a provider would: its back office signs in with HTTP Basic (alice operates app_a, bob
 * app_b, admin everything), the portal is open to its own links.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PlatformTestApplication {

  static final String PASSWORD = "correct horse battery staple";
  static final Map<String, String> OPERATES = Map.of("alice", "app_a", "bob", "app_b");

  @Bean
  SecurityFilterChain security(HttpSecurity http) {
    http.authorizeHttpRequests(requests -> requests
            .requestMatchers("/hookmesh/portal/**").permitAll()
            .anyRequest().authenticated())
        .httpBasic(Customizer.withDefaults())
        // The API is called with credentials on every request, the portal checks its own
        // CSRF token: neither uses Spring Security's session-bound token.
        .csrf(csrf -> csrf.ignoringRequestMatchers("/hookmesh/api/**", "/hookmesh/portal/**"));
    return http.build();
  }

  @Bean
  InMemoryUserDetailsManager users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}" + PASSWORD).roles("OPERATOR").build(),
        User.withUsername("bob").password("{noop}" + PASSWORD).roles("OPERATOR").build(),
        User.withUsername("admin").password("{noop}" + PASSWORD).roles("ADMIN").build());
  }

  @Bean
  ManagementAccess managementAccess() {
    return new ManagementAccess() {
      @Override
      public boolean allows(Principal principal, String applicationId) {
        return applicationId.equals(OPERATES.get(principal.getName()));
      }

      @Override
      public boolean administers(Principal principal) {
        return principal.getName().equals("admin");
      }
    };
  }
}
