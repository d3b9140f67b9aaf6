package dev.hookmesh.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookmesh.http.AddressClass;
import dev.hookmesh.http.SsrfException;
import dev.hookmesh.http.SsrfPolicy;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import okhttp3.Dns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lookups only: nothing here connects anywhere. */
class GuardedDnsTest {
  private static final Dns NO_DNS = host -> {
    throw new AssertionError("a literal IP must not reach DNS, but " + host + " did");
  };

  private static InetAddress ip(String literal) {
    return IpLiteral.byAddress(null, IpLiteral.parse(literal).getAddress());
  }

  /** Answers each lookup with the next scripted answer and records the host names asked. */
  private static final class ScriptedDns implements Dns {
    final List<String> asked = new ArrayList<>();
    private final Iterator<List<InetAddress>> answers;

    @SafeVarargs
    ScriptedDns(List<InetAddress>... answers) {
      List<List<InetAddress>> scripted = new ArrayList<>();
      for (List<InetAddress> answer : answers) {
        scripted.add(answer);
      }
      this.answers = scripted.iterator();
    }

    @Override
    public List<InetAddress> lookup(String hostname) {
      asked.add(hostname);
      return answers.next();
    }
  }

  @Test
  void refusesTheRebindingAnswerAfterAllowingThePublicOne() throws Exception {
    ScriptedDns rebinding = new ScriptedDns(List.of(ip("93.184.216.34")), List.of(ip("127.0.0.1")));
    GuardedDns dns = new GuardedDns(SsrfPolicy.defaults(), rebinding);

    assertThat(dns.lookup("rebind.example")).containsExactly(ip("93.184.216.34"));
    assertThatThrownBy(() -> dns.lookup("rebind.example"))
        .isInstanceOfSatisfying(SsrfException.class, e -> {
          assertThat(e.addressClass()).isEqualTo(AddressClass.LOOPBACK);
          assertThat(e.host()).isEqualTo("rebind.example");
        });
    assertThat(rebinding.asked).containsExactly("rebind.example", "rebind.example");
  }

  @Test
  void refusesTheWholeAnswerWhenOnlyOneAddressIsPrivate() {
    Dns mixed = new ScriptedDns(List.of(ip("93.184.216.34"), ip("10.0.0.5")));
    assertThatThrownBy(() -> new GuardedDns(SsrfPolicy.defaults(), mixed).lookup("mixed.example"))
        .isInstanceOfSatisfying(SsrfException.class,
            e -> assertThat(e.address()).isEqualTo(ip("10.0.0.5")));
  }

  @Test
  void returnsExactlyTheCheckedAddressesLabelledWithTheHost() throws Exception {
    List<InetAddress> answer = List.of(ip("93.184.216.34"), ip("2606:2800:220:1::1"));
    List<InetAddress> returned = new GuardedDns(SsrfPolicy.defaults(), new ScriptedDns(answer))
        .lookup("public.example");
    assertThat(returned).isEqualTo(answer);
    assertThat(returned).allSatisfy(address -> assertThat(address.getHostName()).isEqualTo("public.example"));
  }

  @Test
  void allowsAnAllowListedHostToResolveToAPrivateAddress() throws Exception {
    SsrfPolicy policy = SsrfPolicy.builder().allow("hooks.internal.example").build();
    Dns internal = new ScriptedDns(List.of(ip("10.1.2.3")));
    assertThat(new GuardedDns(policy, internal).lookup("hooks.internal.example")).containsExactly(ip("10.1.2.3"));
  }

  @ParameterizedTest(name = "{0} resolves to {1} without DNS")
  @CsvSource({"2130706433, 127.0.0.1", "0x7f000001, 127.0.0.1", "0177.0.0.1, 127.0.0.1", "127.1, 127.0.0.1",
      "0x7f.1, 127.0.0.1", "2852039166, 169.254.169.254", "::1, ::1"})
  void answersLiteralIpHostsItselfAndChecksThem(String host, String address) throws Exception {
    SsrfPolicy allowAll = SsrfPolicy.builder().allow("127.0.0.0/8").allow("169.254.0.0/16").allow("::1").build();
    assertThat(new GuardedDns(allowAll, NO_DNS).lookup(host)).containsExactly(ip(address));
    assertThatThrownBy(() -> new GuardedDns(SsrfPolicy.defaults(), NO_DNS).lookup(host))
        .isInstanceOf(SsrfException.class);
  }

  @Test
  void disabledPolicyPassesTheAnswerThrough() throws Exception {
    Dns internal = new ScriptedDns(List.of(ip("127.0.0.1")));
    assertThat(new GuardedDns(SsrfPolicy.disabled(), internal).lookup("localhost")).containsExactly(ip("127.0.0.1"));
  }
}
