package dev.hookmesh.http;

import static dev.hookmesh.http.Addresses.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class SsrfExceptionTest {

  @Test
  void namesTheAddressItsClassTheHostAndHowToAllowIt() {
    SsrfException e = catchThrowableOfType(SsrfException.class,
        () -> SsrfPolicy.defaults().check("metadata.example", ip("169.254.169.254")));
    assertThat(e).hasMessage("Refused to connect to 169.254.169.254 (link-local, includes cloud metadata)"
        + " for host metadata.example: non-public addresses are blocked by Hookmesh's SSRF guard."
        + " Allow-list it with SsrfPolicy.builder().allow(\"169.254.169.254/32\") if this endpoint is"
        + " trusted.");
    assertThat(e.reason()).isEqualTo(SsrfException.Reason.ADDRESS_REFUSED);
    assertThat(e.host()).isEqualTo("metadata.example");
    assertThat(e.address()).isEqualTo(ip("169.254.169.254"));
    assertThat(e.addressClass()).isEqualTo(AddressClass.LINK_LOCAL);
  }

  @Test
  void suggestsAnIpv6RangeOfOneInCompressedForm() {
    SsrfException e = catchThrowableOfType(SsrfException.class,
        () -> SsrfPolicy.defaults().check("::1", ip("::1")));
    assertThat(e).hasMessageStartingWith("Refused to connect to ::1 (loopback): ")
        .hasMessageContaining("allow(\"::1/128\")");
  }

  @Test
  void isAnUnknownHostExceptionSoOkHttpDnsMayThrowIt() {
    assertThat(UnknownHostException.class).isAssignableFrom(SsrfException.class);
  }

  @Test
  void suggestedAllowListEntryIsAccepted() {
    SsrfException e = catchThrowableOfType(SsrfException.class,
        () -> SsrfPolicy.defaults().check("fe80::1", ip("fe80::1")));
    SsrfPolicy fixed = SsrfPolicy.builder().allow("fe80::1/128").build();
    assertThat(e).hasMessageContaining("allow(\"fe80::1/128\")");
    assertThatCode(() -> fixed.check("fe80::1", ip("fe80::1")))
        .doesNotThrowAnyException();
  }
}
