package dev.portico.dataplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which algorithms each key may verify: decided by the key, never by a token. */
class KeyRingTest {
    private static final RSAKey RSA = Tokens.rsa("r");

    private static KeyRing ring(String jwks) {
        return KeyRing.parse(jwks, "test");
    }

    @Test
    void anRsaKeyVerifiesOnlyRsaSignatureAlgorithms() {
        KeyRing ring = ring(Tokens.jwks(RSA));
        assertThat(ring.candidates(JWSAlgorithm.RS256, "r")).hasSize(1);
        assertThat(ring.candidates(JWSAlgorithm.PS512, "r")).hasSize(1);
        assertThat(ring.candidates(JWSAlgorithm.HS256, "r")).isEmpty();
        assertThat(ring.candidates(JWSAlgorithm.ES256, "r")).isEmpty();
        assertThat(ring.candidates(JWSAlgorithm.RS256, "other")).isEmpty();
        assertThat(ring.knows("r")).isTrue();
        assertThat(ring.knows("other")).isFalse();
    }

    @Test
    void aDeclaredAlgNarrowsTheKeyToThatOne() {
        KeyRing ring = ring(Tokens.jwks(new RSAKey.Builder(RSA).algorithm(JWSAlgorithm.RS384).build()));
        assertThat(ring.candidates(JWSAlgorithm.RS384, "r")).hasSize(1);
        assertThat(ring.candidates(JWSAlgorithm.RS256, "r")).isEmpty();
    }

    @Test
    void anEcKeyVerifiesOnlyTheAlgorithmOfItsCurve() {
        KeyRing ring = ring(Tokens.jwks(Tokens.ec(Curve.P_256, "a"), Tokens.ec(Curve.P_384, "b")));
        assertThat(ring.candidates(JWSAlgorithm.ES256, null)).hasSize(1);
        assertThat(ring.candidates(JWSAlgorithm.ES384, null)).hasSize(1);
        assertThat(ring.candidates(JWSAlgorithm.ES384, "a")).isEmpty();
    }

    @Test
    void anOctKeyVerifiesOnlyHs256() {
        KeyRing ring = ring(Tokens.jwks(Tokens.hmac("h")));
        assertThat(ring.candidates(JWSAlgorithm.HS256, "h")).hasSize(1);
        assertThat(ring.candidates(JWSAlgorithm.HS512, "h")).isEmpty();
        assertThat(ring(Tokens.jwks(new OctetSequenceKey.Builder(Tokens.hmac("h")).algorithm(JWSAlgorithm.HS512)
                .build())).size()).as("an oct key declaring HS512 is left out").isZero();
    }

    @Test
    void unusableKeysAreLeftOut() throws Exception {
        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        RSAKey weak = new RSAKey.Builder((RSAPublicKey) small.generateKeyPair().getPublic()).keyID("weak").build();
        RSAKey encryption = new RSAKey.Builder(RSA).keyID("enc").keyUse(KeyUse.ENCRYPTION).build();
        OctetSequenceKey shortSecret = new OctetSequenceKey.Builder(new byte[16]).keyID("short").build();
        String okp = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"ed\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
        String jwks = Tokens.jwks(weak, encryption, shortSecret);
        KeyRing ring = ring(jwks.substring(0, jwks.length() - 2) + "," + okp + "]}");
        assertThat(ring.size()).isZero();
        assertThat(ring.skipped()).isEqualTo(4);
        assertThat(List.of("weak", "enc", "short", "ed")).noneMatch(ring::knows);
    }

    @Test
    void textThatIsNotAJwkSetIsTheEmptyRing() {
        assertThat(ring("not json").size()).isZero();
        assertThat(ring("{\"keys\":[]}").size()).isZero();
        assertThat(ring(null).size()).isZero();
    }
}
