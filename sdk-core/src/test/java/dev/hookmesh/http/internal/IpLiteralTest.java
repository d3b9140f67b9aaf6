package dev.hookmesh.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

  @ParameterizedTest(name = "{0} means {1}")
  @CsvSource({
      "127.0.0.1, 127.0.0.1", "2130706433, 127.0.0.1", "0x7f000001, 127.0.0.1", "0X7F000001, 127.0.0.1",
      "0177.0.0.1, 127.0.0.1", "017700000001, 127.0.0.1", "127.1, 127.0.0.1", "127.0.1, 127.0.0.1",
      "0x7f.1, 127.0.0.1", "0x7f.0.0.1, 127.0.0.1", "127.0.0.1., 127.0.0.1", "2852039166, 169.254.169.254",
      "0xa9fea9fe, 169.254.169.254", "0251.0376.0251.0376, 169.254.169.254", "0xa9.0xfe.0xa9.0xfe, 169.254.169.254",
      "10.1, 10.0.0.1", "0, 0.0.0.0", "0x, 0.0.0.0", "4294967295, 255.255.255.255",
      "[::1], ::1", "::1, ::1", "[::ffff:127.0.0.1], 127.0.0.1", "[::ffff:7f00:1], 127.0.0.1",
      "[::127.0.0.1], ::7f00:1", "[fe80::1], fe80::1", "[2001:db8::1], 2001:db8::1",
  })
  void readsLiteralsTheWayBrowsersAndInetAtonDo(String host, String expected) {
    InetAddress address = IpLiteral.parse(host);
    assertThat(address).isNotNull();
    assertThat(IpLiteral.format(address)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} is a host name")
  @ValueSource(strings = {
      "example.com", "localhost", "4294967296", "256.0.0.1", "1.2.3.4.5", "08.0.0.1", "1..1", ".", "",
      "0x1g", "127.0.0.1..", "foo.0x10", "１２７.0.0.1", "[example.com]", "fe80::1%eth0", "::zz",
  })
  void leavesHostNamesToDns(String host) {
    assertThat(IpLiteral.parse(host)).isNull();
  }

  @ParameterizedTest(name = "{0} formats as {1}")
  @CsvSource({
      "0:0:0:0:0:0:0:1, ::1", "0:0:0:0:0:0:0:0, ::", "fe80:0:0:0:0:0:0:1, fe80::1",
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1", "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "1:0:0:2:0:0:0:3, 1:0:0:2::3",
  })
  void formatsIpv6InCompressedForm(String full, String compressed) {
    InetAddress address = IpLiteral.parse(full);
    assertThat(address).isNotNull();
    assertThat(IpLiteral.format(address)).isEqualTo(compressed);
  }
}
