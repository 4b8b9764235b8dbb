package com.kaa.reports.platform.tenant;

import com.kaa.reports.platform.sample.Identities;
import com.kaa.reports.platform.sample.NoteEvents;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** Failed before: a service without KAA_IDENTITY_SECRET (unset, or set empty) took unsigned identity headers as true. */
@QuarkusTest
@TestProfile(NoIdentitySecretTest.WithoutSecret.class)
@KaaTestInfrastructure(schema = "platform_test", topics = NoteEvents.TOPIC)
class NoIdentitySecretTest {

    public static class WithoutSecret implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kaa.identity.secret", "");
        }
    }

    @Test
    void withoutTheSecretAServiceAcceptsNoIdentityAtAll() {
        given().header(IdentityHeaders.ORGANIZATION, "acme").header(IdentityHeaders.USER, "mallory")
                .get("/notes/whoami").then().statusCode(401).body("detail", containsString("no identity secret"));
        given().headers(Identities.of("acme")).get("/notes/whoami").then().statusCode(401);
    }
}
