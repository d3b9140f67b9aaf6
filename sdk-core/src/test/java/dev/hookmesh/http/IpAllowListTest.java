package dev.hookmesh.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAllowListTest {

  private final IpAllowList list =
      IpAllowList.of(List.of("192.30.252.0/22", " 10.1.2.3 ", "2001:db8::/32"));

  @ParameterizedTest
  @CsvSource({
      "192.30.252.0, true", "192.30.255.255, true", "192.31.0.0, false", "192.30.251.255, false",
      "10.1.2.3, true", "10.1.2.4, false",
      "2001:db8::1, true", "2001:db8:ffff::, true", "2001:db9::, false",
      "::ffff:192.30.252.10, true", "::ffff:10.1.2.4, false", "::192.30.252.10, false"})
  void allowsExactlyTheAddressesInItsRanges(String address, boolean allowed) throws Exception {
    assertThat(list.allows(address)).isEqualTo(allowed);
    assertThat(list.allows(InetAddress.getByName(address))).isEqualTo(allowed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "github.com", "", "192.30.252.10.example"})
  void refusesWhatIsNotAnAddressLiteralWithoutLookingItUp(String peer) {
    assertThat(list.allows(peer)).isFalse();
  }

  @Test
  void refusesAnUnknownPeer() {
    assertThat(list.allows((String) null)).isFalse();
  }

  @Test
  void anEmptyListAllowsEveryAddress() throws Exception {
    IpAllowList any = IpAllowList.of(List.of());

    assertThat(any).isSameAs(IpAllowList.any());
    assertThat(any.allowsAll()).isTrue();
    assertThat(any.allows((String) null)).isTrue();
    assertThat(any.allows(InetAddress.getByName("203.0.113.9"))).isTrue();
    assertThat(list.allowsAll()).isFalse();
  }

  @Test
  void aRangeThatDoesNotParseFailsNamingIt() {
    assertThatIllegalArgumentException().isThrownBy(() -> IpAllowList.of(List.of("10.0.0.0/33")))
        .withMessageContaining("10.0.0.0/33").withMessageContaining("from 0 to 32");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> IpAllowList.of(List.of("10.0.0.0/8", "github.com")))
        .withMessageContaining("\"github.com\" is not a CIDR range");
    assertThatIllegalArgumentException().isThrownBy(() -> IpAllowList.of(List.of("10.0.0.1/8")))
        .withMessageContaining("did you mean 10.0.0.0/8?");
  }

  @Test
  void equalListsAreEqual() {
    assertThat(IpAllowList.of(List.of("10.0.0.0/8")))
        .isEqualTo(IpAllowList.of(List.of("10.0.0.0/8")))
        .hasSameHashCodeAs(IpAllowList.of(List.of("10.0.0.0/8")))
        .isNotEqualTo(IpAllowList.of(List.of("10.0.0.0/16")));
    assertThat(list.toString()).contains("192.30.252.0/22");
  }
}
