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
