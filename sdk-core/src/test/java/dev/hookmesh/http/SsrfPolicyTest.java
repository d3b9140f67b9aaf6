package dev.hookmesh.http;

import static dev.hookmesh.http.Addresses.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SsrfPolicyTest {

  @Test
  void defaultsAreOnWithPlainHttpAllowedAndNothingAllowListed() {
    SsrfPolicy defaults = SsrfPolicy.defaults();
    assertThat(defaults.enabled()).isTrue();
    assertThat(defaults.httpsOnly()).isFalse();
    assertThat(defaults.allowList()).isEmpty();
    assertThat(defaults).isEqualTo(SsrfPolicy.builder().build());
  }

  @Test
  void disabledPolicyAllowsEveryAddress() throws Exception {
    assertThat(SsrfPolicy.disabled().enabled()).isFalse();
    SsrfPolicy.disabled().check("metadata.example", ip("169.254.169.254"));
    SsrfPolicy.disabled().check(HttpUrl.get("http://127.0.0.1/"));
  }

  @ParameterizedTest(name = "{0} allows {1}")
  @CsvSource({
      "127.0.0.1/32, 127.0.0.1", "127.0.0.1, 127.0.0.1", "10.0.0.0/8, 10.200.3.4", "172.16.0.0/12, 172.31.0.1",
      "169.254.169.254/32, 169.254.169.254", "::1/128, ::1", "::1, ::1", "fc00::/7, fd12:3456::1",
      "fe80::/10, fe80::abcd",
  })
  void allowListsAddressesByCidr(String cidr, String address) throws Exception {
    SsrfPolicy policy = SsrfPolicy.builder().allow(cidr).build();
    assertThatCode(() -> policy.check("anything.example", ip(address))).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0} does not allow {1}")
  @CsvSource({
      "127.0.0.1/32, 127.0.0.2", "10.0.0.0/8, 172.16.0.1", "10.0.0.0/8, 192.168.0.1", "::1/128, 127.0.0.1",
      "127.0.0.1/32, ::1", "fc00::/8, fd00::1",
  })
  void refusesAddressesOutsideTheAllowListedRanges(String cidr, String address) {
    SsrfPolicy policy = SsrfPolicy.builder().allow(cidr).build();
    assertThatThrownBy(() -> policy.check("anything.example", ip(address))).isInstanceOf(SsrfException.class);
  }

  @ParameterizedTest(name = "{0} allows host {1}")
  @CsvSource({
      "localhost, localhost", "localhost, LOCALHOST", "hooks.internal.example, Hooks.Internal.Example",
      "hooks.internal.example, hooks.internal.example.", "*.internal.example, a.internal.example",
      "*.internal.example, a.b.internal.example", "*.Internal.Example, x.internal.example",
  })
  void allowListsHostNamesExactlyOrByWildcardIgnoringCase(String pattern, String host) {
    SsrfPolicy policy = SsrfPolicy.builder().allow(pattern).build();
    assertThatCode(() -> policy.check(host, ip("10.0.0.7"))).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0} does not allow host {1}")
  @CsvSource({
      "localhost, localhost.example", "hooks.internal.example, evil-hooks.internal.example",
      "hooks.internal.example, hooks.internal.example.evil.com", "*.internal.example, internal.example",
      "*.internal.example, evilinternal.example",
  })
  void refusesHostsThatOnlyResembleAnAllowListedName(String pattern, String host) {
    SsrfPolicy policy = SsrfPolicy.builder().allow(pattern).build();
    assertThatThrownBy(() -> policy.check(host, ip("10.0.0.7"))).isInstanceOf(SsrfException.class);
  }

  @Test
  void allowsPublicAddressesWithoutAnAllowList() {
    assertThatCode(() -> SsrfPolicy.defaults().check("example.com", ip("93.184.216.34")))
        .doesNotThrowAnyException();
  }

  @Test
  void httpsOnlyRefusesPlainHttpUrls() {
    SsrfPolicy policy = SsrfPolicy.builder().httpsOnly(true).build();
    assertThatThrownBy(() -> policy.check(HttpUrl.get("http://hooks.example.com/in")))
        .isInstanceOfSatisfying(SsrfException.class, e -> {
          assertThat(e.reason()).isEqualTo(SsrfException.Reason.HTTPS_REQUIRED);
          assertThat(e.host()).isEqualTo("hooks.example.com");
          assertThat(e.addressClass()).isNull();
          assertThat(e).hasMessageContaining("https://").hasMessageContaining("httpsOnly(false)");
        });
    assertThatCode(() -> policy.check(HttpUrl.get("https://hooks.example.com/in"))).doesNotThrowAnyException();
  }

  @Test
  void plainHttpIsAllowedByDefault() {
    assertThatCode(() -> SsrfPolicy.defaults().check(HttpUrl.get("http://hooks.example.com/in")))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "URL host {0} is {1}")
  @CsvSource({
      "2130706433, LOOPBACK", "0x7f000001, LOOPBACK", "0177.0.0.1, LOOPBACK", "127.1, LOOPBACK",
      "127.0.1, LOOPBACK", "0x7f.1, LOOPBACK", "[::1], LOOPBACK", "[::ffff:127.0.0.1], LOOPBACK",
      "[::ffff:7f00:1], LOOPBACK", "[::127.0.0.1], LOOPBACK", "[64:ff9b::7f00:1], LOOPBACK",
      "2852039166, LINK_LOCAL", "0xa9fea9fe, LINK_LOCAL", "[::ffff:169.254.169.254], LINK_LOCAL",
      "012.1, PRIVATE", "0xc0a80001, PRIVATE", "[fd00:ec2::254], UNIQUE_LOCAL", "0, UNSPECIFIED",
  })
  void refusesLiteralIpHostsInEveryNotationWithoutDns(String host, AddressClass expected) {
    HttpUrl url = HttpUrl.get("http://" + host + "/hook");
    assertThatThrownBy(() -> SsrfPolicy.defaults().check(url))
        .isInstanceOfSatisfying(SsrfException.class, e -> assertThat(e.addressClass()).isEqualTo(expected));
  }

  @ParameterizedTest(name = "allow(\"{0}\") is refused")
  @ValueSource(strings = {
      "", "https://hooks.example.com", "hooks.example.com:8443", "10.0.0.1/8", "10.0.0.0/33", "::1/129",
      "10.0.0.0/x", "127.1", "0x7f000001", "*", "*.", "exa mple.com", "-bad.example", "not/a/cidr",
  })
  void rejectsMalformedAllowListEntriesWithActionableMessages(String entry) {
    assertThatThrownBy(() -> SsrfPolicy.builder().allow(entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + entry + "\"");
  }

  @Test
  void suggestsTheNetworkAddressWhenHostBitsAreSet() {
    assertThatThrownBy(() -> SsrfPolicy.builder().allow("10.0.0.1/8"))
        .hasMessageContaining("did you mean 10.0.0.0/8?");
  }

  @Test
  void listsTheAllowListInCanonicalFormWithoutDuplicates() {
    SsrfPolicy policy = SsrfPolicy.builder()
        .allow("Hooks.Internal.Example").allow("0:0:0:0:0:0:0:1").allow("10.0.0.0/8").allow("10.0.0.0/8")
        .build();
    assertThat(policy.allowList()).containsExactly("::1/128", "10.0.0.0/8", "hooks.internal.example");
  }

  @Test
  void isAValueWithReadableToString() {
    SsrfPolicy one = SsrfPolicy.builder().allow("127.0.0.1").allow("localhost").httpsOnly(true).build();
    SsrfPolicy same = SsrfPolicy.builder().allow("127.0.0.1/32").allow("LOCALHOST").httpsOnly(true).build();
    assertThat(one).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(SsrfPolicy.defaults());
    assertThat(one.toBuilder().build()).isEqualTo(one);
    assertThat(one).hasToString("SsrfPolicy{enabled=true, httpsOnly=true, allow=[127.0.0.1/32, localhost]}");
  }
}
