package com.kaa.reports.platform.input;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ChatAddressesTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "slack, https://hooks.slack.com/services/T000/B000/XXXX, true",
            "slack, http://hooks.slack.com/services/T000/B000/XXXX, false",
            "slack, https://hooks.slack.com.evil.example/services/x, false",
            "slack, https://evilhooks.slack.com/services/x, false",
            "slack, https://user@hooks.slack.com/services/x, false",
            "slack, https://erp.example.com/hooks, false",
            "slack, http://127.0.0.1:28090/slack/x, true",
            "slack, http://10.0.0.7/slack/x, false",
            "teams, https://prod-27.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x, true",
            "teams, https://default1234.56.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/x, true",
            "teams, https://acme.webhook.office.com/webhookb2/x, true",
            "teams, https://logic.azure.com/workflows/x, false",
            "teams, https://hooks.slack.com/services/x, false",
            "teams, not a url, false",
            "slack, https://HOOKS.SLACK.COM/services/T/B/x, true",
            "slack, https://hooks.slack.com./services/T/B/x, false",
            "slack, https://hooks.slack.com:8443/services/T/B/x, false",
            "slack, https://hooks.slack.com:443/services/T/B/x, true",
            "slack, https://xn--hooks-slack-com.example/x, false"})
    void onlyTheChatsOwnHostsAreRecipients(String channel, String url, boolean allowed) {
        assertThat(ChatAddresses.problem(channel, url, Set.of("127.0.0.1")) == null).isEqualTo(allowed);
    }
}
