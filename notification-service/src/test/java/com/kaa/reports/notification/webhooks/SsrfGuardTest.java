package com.kaa.reports.notification.webhooks;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SsrfGuardTest {

    @Test
    void internalTargetsAreRefused() {
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://169.254.169.254/latest/meta-data",
                "http://10.1.2.3/x", "http://172.16.0.1/x", "http://192.168.1.10/x", "http://[::1]/x", "http://[fd00::1]/x",
                "http://0.0.0.0/x", "http://100.64.1.1/x", "ftp://93.184.216.34/x", "file:///etc/passwd",
                "http://user:pw@93.184.216.34/x", "http://no-such-host.invalid/x")) {
            assertThatThrownBy(() -> SsrfGuard.check(url, Set.of())).as(url).isInstanceOf(SsrfGuard.Refused.class);
        }
    }

    @Test
    void oddIpv4SpellingsAndIpv6FormsOfInternalAddressesAreRefused() {
        for (String url : List.of("http://2852039166/", "http://0xA9FEA9FE/", "http://0xa9.0xfe.0xa9.0xfe/", "http://0251.0376.0251.0376/",
                "http://127.1/", "http://017700000001/", "http://169.254.169.254./", "http://[::ffff:169.254.169.254]/",
                "http://[::ffff:a9fe:a9fe]/", "http://[::a9fe:a9fe]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::]/",
                "http://255.255.255.255/", "http://240.0.0.1/", "http://224.0.0.251/", "http://[ff02::1]/", "http://[fe80::1]/",
                "http://localhost./", "http://LOCALHOST/")) {
            assertThatThrownBy(() -> SsrfGuard.check(url, Set.of())).as(url).isInstanceOf(SsrfGuard.Refused.class)
                    .isNotInstanceOf(SsrfGuard.Unresolved.class);
        }
        assertThat(SsrfGuard.isOddIpv4Spelling("cafe.be")).isFalse();
        assertThat(SsrfGuard.isOddIpv4Spelling("93.184.216.34")).isFalse();
        assertThat(SsrfGuard.isOddIpv4Spelling("2852039166")).isTrue();
    }

    @Test
    void publicAddressesPassAndArePinned() throws Exception {
        SsrfGuard.Target target = SsrfGuard.check("https://93.184.216.34/hooks/kaa?x=1", Set.of());
        assertThat(target.address().getHostAddress()).isEqualTo("93.184.216.34");
        assertThat(target.tls()).isTrue();
        assertThat(target.port()).isEqualTo(443);
        assertThat(target.pathAndQuery()).isEqualTo("/hooks/kaa?x=1");
    }

    @Test
    void anAllowListedHostMayBePrivate() throws Exception {
        assertThat(SsrfGuard.check("http://127.0.0.1:28090/hooks/a", Set.of("127.0.0.1")).port()).isEqualTo(28090);
    }
}
